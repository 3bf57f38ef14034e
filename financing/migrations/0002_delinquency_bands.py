"""The default delinquency ranges for PAR 30/60/90; staff can change them."""

from django.db import migrations

from financing.reference_data import DELINQUENCY_BANDS, load_delinquency_bands


def load(apps, schema_editor):
    load_delinquency_bands(apps.get_model("financing", "DelinquencyBand"))


def unload(apps, schema_editor):
    apps.get_model("financing", "DelinquencyBand").objects.filter(
        code__in=[band[0] for band in DELINQUENCY_BANDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("financing", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
