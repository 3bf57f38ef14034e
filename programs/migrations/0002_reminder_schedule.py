"""Schedule the daily program reminders in django-celery-beat (staff can edit them
in the admin): sessions tomorrow, and mentoring follow-ups due tomorrow."""

from django.db import migrations

TASKS = {
    "Pengingat sesi program besok": "programs.tasks.program_session_remind_task",
    "Pengingat tindak lanjut pendampingan": (
        "programs.tasks.mentoring_follow_up_remind_task"
    ),
}


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
    for name, task in TASKS.items():
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab}
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=TASKS.values()
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
