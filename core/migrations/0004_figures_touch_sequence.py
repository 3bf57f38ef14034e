"""The stored figures (core.figures) without the family row lock: `figures_touch`
advances the family's touch sequence (`figures_touch_<family>`, one for each family
whose tables carry the triggers) instead of marking its row dirty, and a stored set
records the value the sequence read at its refresh (`clean_at`). The sets stored
before are dropped: their generations could equal a new sequence's values."""

from django.db import migrations, models

TOUCH = """
CREATE OR REPLACE FUNCTION figures_touch(f text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Held to the writer's commit: no refresh reads the sequence meanwhile.
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('figures:' || f, 0));
    -- Not rolled back, seen by every session at once, waits for no one.
    PERFORM nextval(format('%I', 'figures_touch_' || f)::regclass);
END $$;
"""
UNTOUCH = """
CREATE OR REPLACE FUNCTION figures_touch(f text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Held to the writer's commit: no refresh can mark the family clean meanwhile.
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('figures:' || f, 0));
    UPDATE figure_family SET dirty = true WHERE family = f AND NOT dirty;
END $$;
"""

# The families are those whose tables carry the triggers (core.figure_triggers,
# which creates the sequence of any family added later).
SEQUENCES = r"""
DO $$
DECLARE f text;
BEGIN
    FOR f IN SELECT DISTINCT substr(tgname, 9) FROM pg_trigger
             WHERE NOT tgisinternal AND tgname LIKE 'figures\_%' LOOP
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', 'figures_touch_' || f);
    END LOOP;
END $$;
"""
NO_SEQUENCES = r"""
DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT relname FROM pg_class
             WHERE relkind = 'S' AND relname LIKE 'figures\_touch\_%' LOOP
        EXECUTE format('DROP SEQUENCE %I', s);
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_figures_refresh_schedule"),
        ("cooperatives", "0029_figure_triggers"),
        ("financing", "0021_figure_triggers"),
    ]

    operations = [
        # Referencing rows only: no foreign-key event is queued before the ALTERs.
        migrations.RunSQL("DELETE FROM figure_set", "DELETE FROM figure_set"),
        migrations.RemoveField(model_name="figurefamily", name="dirty"),
        migrations.RemoveField(model_name="figurefamily", name="generation"),
        migrations.AddField(
            model_name="figurefamily",
            name="clean_at",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RenameField(
            model_name="figureset", old_name="generation", new_name="clean_at"
        ),
        migrations.RunSQL(SEQUENCES, NO_SEQUENCES),
        migrations.RunSQL(TOUCH, UNTOUCH),
    ]
