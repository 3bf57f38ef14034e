"""The triggers that mark the dashboard's stored loan figures dirty (core.figures,
family "financing": reports.figures), on the tables they read."""

from django.db import migrations

from core.figure_triggers import figure_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("financing", "0020_loan_list_order"),
        ("core", "0002_figures"),
    ]

    operations = [
        figure_triggers(
            {
                "financing": [
                    "financing_loan",
                    "financing_application",
                    "financing_delinquencyband",
                ]
            }
        )
    ]
