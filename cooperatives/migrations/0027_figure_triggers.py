"""The triggers that mark the registry's stored figures dirty (core.figures): one
statement trigger per table a family reads (cooperatives.selectors.figures)."""

from django.db import migrations

TABLES = {
    "registry": [
        "cooperatives_cooperative",
        "cooperatives_annualreport",
        "cooperatives_district",
    ],
    "enterprises": ["cooperatives_enterprise"],
}


def _triggers(create: bool) -> str:
    statements = []
    for family, tables in TABLES.items():
        for table in tables:
            name = f"figures_{family}"
            statements.append(
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION figures_touched('{family}');"
                if create
                else f"DROP TRIGGER {name} ON {table};"
            )
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0026_deferred_indexes"),
        ("core", "0002_figures"),
    ]

    operations = [migrations.RunSQL(_triggers(True), _triggers(False))]
