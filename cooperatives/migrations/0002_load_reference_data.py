"""Load the 10 districts, 105 kecamatan and the kelompok koperasi (domain.md)."""

from django.db import migrations

from cooperatives.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("cooperatives", "District"),
        apps.get_model("cooperatives", "SubDistrict"),
        apps.get_model("cooperatives", "Cluster"),
    )


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
