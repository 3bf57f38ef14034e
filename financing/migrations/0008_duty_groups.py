"""The staff groups of the financing duties (financing/duties.py), for staff to
assign in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from financing.duties import GROUPS, load_duty_groups


def load(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups
    # need the new ones now.
    config = apps.get_app_config("financing")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    load_duty_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("financing", "0007_separation_of_duties"),
    ]

    operations = [migrations.RunPython(load, unload)]
