"""The 1,038 desa/kelurahan of Kalimantan Timur (cooperatives/data/, MIT)."""

import django.db.models.deletion
from django.db import migrations, models

from cooperatives.reference_data import load_villages


def load(apps, schema_editor):
    load_villages(apps.get_model("cooperatives", "Village"))


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0020_enterprise_owner_signup")]

    operations = [
        migrations.CreateModel(
            name="Village",
            fields=[
                (
                    "code",
                    models.CharField(
                        max_length=13,
                        primary_key=True,
                        serialize=False,
                        verbose_name="kode Kemendagri",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="nama")),
                (
                    "kind",
                    models.CharField(
                        choices=[("desa", "desa"), ("kelurahan", "kelurahan")],
                        max_length=9,
                        verbose_name="jenis",
                    ),
                ),
                (
                    "sub_district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="villages",
                        to="cooperatives.subdistrict",
                        verbose_name="kecamatan",
                    ),
                ),
            ],
            options={
                "verbose_name": "desa/kelurahan",
                "verbose_name_plural": "desa/kelurahan",
                "ordering": ["code"],
                "indexes": [
                    models.Index(
                        fields=["sub_district", "name"], name="village_sub_name"
                    )
                ],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
