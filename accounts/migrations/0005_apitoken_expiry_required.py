"""Every API token expires. Tokens issued without an expiry get one year from
this migration (not from their issue, so no district client is cut off the day it
is deployed); then the column is required."""

import datetime

from django.db import migrations, models
from django.utils import timezone

LIFETIME = datetime.timedelta(days=365)


def give_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + LIFETIME
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_reset_second_factor_permission")]

    operations = [
        migrations.RunPython(give_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="kedaluwarsa"),
        ),
    ]
