"""When an account was deactivated was not recorded before: the accounts already
inactive are stamped with the day of this migration, so their 2-year retention
period starts now (conservative: none of them is erased earlier than it might)."""

from django.db import migrations, models
from django.utils import timezone


def stamp_inactive(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_active=False, deactivated_at__isnull=True).update(
        deactivated_at=timezone.now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_user_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='deactivated_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='dinonaktifkan'),
        ),
        migrations.AddField(
            model_name='user',
            name='erased_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='dihapus'),
        ),
        migrations.RunPython(stamp_inactive, migrations.RunPython.noop),
    ]
