"""The triggers that mark the registry's stored figures dirty (core.figures), on
the tables each family reads (cooperatives.selectors.figures)."""

from django.db import migrations

from core.figure_triggers import figure_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0028_deferred_index_failures"),
        ("core", "0002_figures"),
    ]

    operations = [
        figure_triggers(
            {
                "registry": [
                    "cooperatives_cooperative",
                    "cooperatives_annualreport",
                    "cooperatives_district",
                ],
                "enterprises": ["cooperatives_enterprise"],
            }
        )
    ]
