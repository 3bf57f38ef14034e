"""The staff groups of the new loan duties: restructuring and write-off
(financing/duties.py); the groups made before keep their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from financing.duties import load_duty_groups

NEW_GROUPS = ["Pemutus restrukturisasi", "Pemutus hapus buku"]


def load(apps, schema_editor):
    config = apps.get_app_config("financing")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    load_duty_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NEW_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0009_loan_servicing")]

    operations = [migrations.RunPython(load, unload)]
