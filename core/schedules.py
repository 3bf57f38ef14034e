"""Periodic tasks scheduled by a data migration (django-celery-beat, so staff can
edit them in the admin): the RunPython pair that adds and removes one."""

from django.db import migrations

BEAT = "django_celery_beat"


def every_minutes(*, task: str, name: str, minutes: int) -> migrations.RunPython:
    return _scheduled(
        task=task,
        name=name,
        when=("interval", "IntervalSchedule", {"every": minutes, "period": "minutes"}),
    )


def nightly_at(*, task: str, name: str, hour: int, minute: int) -> migrations.RunPython:
    """Every day at hour:minute WITA."""
    crontab = {
        "minute": str(minute),
        "hour": str(hour),
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        "timezone": "Asia/Makassar",
    }
    return _scheduled(
        task=task, name=name, when=("crontab", "CrontabSchedule", crontab)
    )


def _scheduled(*, task: str, name: str, when: tuple) -> migrations.RunPython:
    field, model, fields = when

    def schedule(apps, schema_editor):
        at, _ = apps.get_model(BEAT, model).objects.get_or_create(**fields)
        apps.get_model(BEAT, "PeriodicTask").objects.get_or_create(
            name=name, defaults={"task": task, field: at}
        )

    def unschedule(apps, schema_editor):
        apps.get_model(BEAT, "PeriodicTask").objects.filter(task=task).delete()

    return migrations.RunPython(schedule, unschedule)
