"""The rules of real schemes (domain.md §4) on the schemes staff created before
the rules existed: KUR schemes marked as KUR with the 6-7-8-9% access ladder
(Mikro and Kecil), KUR Mikro's access cap and the usual documents; a regency's
revolving fund (e.g. "Dana Bergulir Penajam Paser Utara") limited to that
regency. Only empty values are filled (financing/reference_data.py). A fresh
database has no schemes: the demo creates its own with these rules."""

from django.db import migrations

from financing.reference_data import apply_scheme_rules


def load(apps, schema_editor):
    apply_scheme_rules(
        apps.get_model("financing", "Scheme"),
        apps.get_model("cooperatives", "District"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0020_enterprise_owner_signup"),
        ("financing", "0017_scheme_required_documents_and_kur_access_cap"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
