"""Schedule the "registration closes in three days" reminder (daily, 09:00 WITA)."""

from django.db import migrations

NAME = "Pengingat pendaftaran program segera ditutup"
TASK = "programs.tasks.program_registration_closing_remind_task"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="9",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Makassar",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task=TASK
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_reminder_schedule")]

    operations = [migrations.RunPython(schedule, unschedule)]
