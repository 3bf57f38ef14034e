"""The staff groups of the new loan duties: settling a loan early, and
requesting a write-off (approving it stays with Pemutus hapus buku, which now
also reads the requests); financing/duties.py. The groups made before keep
their permissions."""

from django.db import migrations

from financing.duties import migrate_duty_groups

NEW_GROUPS = ["Pencatat pelunasan dipercepat", "Pengusul hapus buku"]


def load(apps, schema_editor):
    migrate_duty_groups(apps)


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NEW_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0015_write_off_in_two_steps_and_payoff_duty")]

    operations = [migrations.RunPython(load, unload)]
