"""A starting history record for every row migrated without one (issue 22): its
first edit then shows what changed. Runs again harmlessly (rows with history are
skipped)."""

from django.db import migrations

from core.history.start import history_start_missing


def forwards(apps, schema_editor):
    history_start_missing(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0016_import_job_sweep_schedule"),
        ("programs", "0005_enrolment_per_scope_and_sex"),
        ("financing", "0008_duty_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
