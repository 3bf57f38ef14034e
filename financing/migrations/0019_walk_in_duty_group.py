"""The staff group of the counter (loket): entering an application in the admin
on an applicant's behalf (walk-in); financing/duties.py."""

from django.db import migrations

from financing.duties import migrate_duty_groups

NEW_GROUPS = ["Penerima permohonan (loket)"]


def load(apps, schema_editor):
    migrate_duty_groups(apps)


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NEW_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0018_real_scheme_rules")]

    operations = [migrations.RunPython(load, unload)]
