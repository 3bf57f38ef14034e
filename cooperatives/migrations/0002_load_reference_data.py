"""Load the 10 districts, 105 kecamatan and the kelompok koperasi (domain.md)."""

from django.db import migrations

from cooperatives.reference_data import CLUSTERS, DISTRICTS, SUB_DISTRICTS


def load(apps, schema_editor):
    District = apps.get_model("cooperatives", "District")
    SubDistrict = apps.get_model("cooperatives", "SubDistrict")
    Cluster = apps.get_model("cooperatives", "Cluster")
    for code, bps_code, name, kind, seat in DISTRICTS:
        District.objects.update_or_create(
            code=code, defaults={"bps_code": bps_code, "name": name, "kind": kind, "seat": seat}
        )
    for district_code, rows in SUB_DISTRICTS.items():
        for suffix, name in rows:
            SubDistrict.objects.update_or_create(
                code=f"{district_code}.{suffix}",
                defaults={"district_id": district_code, "name": name},
            )
    for code, name in CLUSTERS:
        Cluster.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
