"""A starting history record for every row migrated without one (issue 22): its
first edit then shows what changed. Runs again harmlessly (rows with history are
skipped)."""

from django.db import migrations

from core.history.start import history_start_missing


def forwards(apps, schema_editor):
    # Written by the `sistem` account (accounts.system_actor), as a command's
    # writes are.
    user = apps.get_model("accounts", "User")
    alias = schema_editor.connection.alias
    system = user.objects.using(alias).filter(username="sistem").first()
    history_start_missing(
        apps=apps, using=alias, by_id=system.pk if system else None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_system_user"),
        ("cooperatives", "0016_import_job_sweep_schedule"),
        ("programs", "0005_enrolment_per_scope_and_sex"),
        ("financing", "0008_duty_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
