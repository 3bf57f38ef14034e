"""Refresh the stored figures that are dirty every 5 minutes (core.figures);
readers also ask for a refresh when they find them dirty."""

from django.db import migrations

from core.schedules import every_minutes


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_figures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        every_minutes(
            task="core.tasks.figures_refresh_dirty_task",
            name="Hitung ulang angka ringkasan yang berubah",
            minutes=5,
        )
    ]
