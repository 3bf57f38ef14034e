"""Schedule the retention sweep in django-celery-beat every night at 02:30 WITA,
when nobody works in the portal (staff can move it in the admin)."""

from django.db import migrations

from core.schedules import nightly_at


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [
        nightly_at(
            task="privacy.tasks.retention_sweep_task",
            name="Masa simpan data pribadi",
            hour=2,
            minute=30,
        )
    ]
