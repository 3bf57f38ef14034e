"""Addresses take a coded village: the free text moves to `village_name`, and
the names that mean one village of the row's kecamatan (or district) are
matched (cooperatives.services.villages)."""

import django.db.models.deletion
from django.db import migrations, models

from cooperatives.services.villages import match_village_names

RECORDS = ("cooperative", "enterprise")


def match(apps, schema_editor):
    village = apps.get_model("cooperatives", "Village")
    for name in RECORDS:
        match_village_names(apps.get_model("cooperatives", name), village)


def unmatch(apps, schema_editor):
    for name in RECORDS:
        apps.get_model("cooperatives", name).objects.update(village=None)


def _operations():
    for name in RECORDS:
        for model in (name, f"historical{name}"):
            historical = model.startswith("historical")
            yield migrations.RenameField(model, "village", "village_name")
            yield migrations.AlterField(
                model,
                "village_name",
                models.CharField(
                    blank=True,
                    max_length=100,
                    verbose_name="desa/kelurahan (teks lama)",
                ),
            )
            yield migrations.AddField(
                model,
                "village",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    db_constraint=not historical,
                    on_delete=django.db.models.deletion.DO_NOTHING
                    if historical
                    else django.db.models.deletion.PROTECT,
                    related_name="+" if historical else None,
                    to="cooperatives.village",
                    verbose_name="desa/kelurahan",
                ),
            )


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0021_villages")]

    operations = [*_operations(), migrations.RunPython(match, unmatch)]
