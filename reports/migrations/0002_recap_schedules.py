"""The monthly and yearly provincial recaps, run by celery beat (editable by staff
under Periodic tasks)."""

import json

from django.db import migrations

TASK = "reports.tasks.report_scheduled_task"
SCHEDULES = [
    ("Rekap koperasi bulanan", {"minute": "0", "hour": "6", "day_of_month": "1", "month_of_year": "*"}, "monthly"),
    ("Rekap koperasi tahunan", {"minute": "0", "hour": "6", "day_of_month": "15", "month_of_year": "1"}, "yearly"),
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, when, period in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_week="*", timezone="Asia/Makassar", **when
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": TASK,
                "crontab": crontab,
                "kwargs": json.dumps({"kind": "cooperative_recap", "format": "xlsx", "period": period}),
            },
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
