"""The migration operation that puts the statement triggers of the stored figures
(core.figures) on the tables a family reads: `figures_<family>` on each, calling
`figures_touched('<family>')` after any INSERT, UPDATE, DELETE or TRUNCATE. The
first-load import finds them by that name (cooperatives.services.imports.replica)."""

from django.db import migrations


def figure_triggers(tables: dict[str, list[str]]) -> migrations.RunSQL:
    """`tables`: family → the tables it reads."""
    create, drop = [], []
    for family, names in tables.items():
        for table in names:
            create.append(
                f"CREATE TRIGGER figures_{family} AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION figures_touched('{family}');"
            )
            drop.append(f"DROP TRIGGER figures_{family} ON {table};")
    return migrations.RunSQL("\n".join(create), "\n".join(drop))
