"""Periodic tasks scheduled by a data migration (django-celery-beat, so staff can
edit them in the admin): the RunPython pair that adds and removes one."""

from django.db import migrations


def every_minutes(*, task: str, name: str, minutes: int) -> migrations.RunPython:
    def schedule(apps, schema_editor):
        beat = "django_celery_beat"
        every, _ = apps.get_model(beat, "IntervalSchedule").objects.get_or_create(
            every=minutes, period="minutes"
        )
        apps.get_model(beat, "PeriodicTask").objects.get_or_create(
            name=name, defaults={"task": task, "interval": every}
        )

    def unschedule(apps, schema_editor):
        periodic = apps.get_model("django_celery_beat", "PeriodicTask")
        periodic.objects.filter(task=task).delete()

    return migrations.RunPython(schedule, unschedule)
