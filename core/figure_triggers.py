"""The migration operation that puts the statement triggers of the stored figures
(core.figures) on the tables a family reads: `figures_<family>` on each, calling
`figures_touched('<family>')` after any INSERT, UPDATE, DELETE or TRUNCATE, and the
family's touch sequence `figures_touch_<family>` if it has none yet. The first-load
import finds the triggers by that name (cooperatives.services.imports.replica)."""

from django.db import migrations


def figure_triggers(tables: dict[str, list[str]]) -> migrations.RunSQL:
    """`tables`: family → the tables it reads."""
    create, drop = [], []
    for family, names in tables.items():
        create.append(f"CREATE SEQUENCE IF NOT EXISTS figures_touch_{family};")
        for table in names:
            create.append(
                f"CREATE TRIGGER figures_{family} AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION figures_touched('{family}');"
            )
            drop.append(f"DROP TRIGGER figures_{family} ON {table};")
        drop.append(f"DROP SEQUENCE IF EXISTS figures_touch_{family};")
    return migrations.RunSQL("\n".join(create), "\n".join(drop))
