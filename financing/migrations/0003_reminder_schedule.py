"""Schedule the daily financing reminders in django-celery-beat (staff can edit
them in the admin): installments due and overdue, arrears escalated to the
district, applications waiting for review beyond the service level."""

from django.db import migrations

TASKS = [
    ("Pengingat angsuran pembiayaan", "financing.tasks.installment_remind_task", "7"),
    ("Eskalasi tunggakan pembiayaan", "financing.tasks.loan_arrears_escalate_task", "7"),
    (
        "Pengingat permohonan pembiayaan belum ditinjau",
        "financing.tasks.application_review_remind_task",
        "8",
    ),
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour in TASKS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="30", hour=hour, day_of_week="*", day_of_month="*",
            month_of_year="*", timezone="Asia/Makassar",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab}
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=[task for _, task, _ in TASKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("financing", "0002_delinquency_bands"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
