"""Schedule the monthly portfolio snapshot (PAR by month for the dashboard) in
django-celery-beat: the 1st of every month at 00:30 Kalimantan Timur time."""

from django.db import migrations

NAME = "Potret portofolio pembiayaan bulanan"
TASK = "financing.tasks.portfolio_snapshot_task"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="0", day_of_week="*", day_of_month="1",
        month_of_year="*", timezone="Asia/Makassar",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task=TASK
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("financing", "0004_portfolio_snapshot"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
