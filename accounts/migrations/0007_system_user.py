"""The inactive `sistem` account that Celery tasks and management commands act as
(accounts.system_actor)."""

from django.contrib.auth.hashers import make_password
from django.db import migrations


def create_system_user(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.get_or_create(
        username="sistem",
        defaults={
            "first_name": "Sistem",
            "last_name": "(tugas terjadwal dan perintah)",
            "role": "staff",
            "is_active": False,
            "is_staff": False,
            "password": make_password(None),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_revoke_apitoken_permission")]

    operations = [migrations.RunPython(create_system_user, migrations.RunPython.noop)]
