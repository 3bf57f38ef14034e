"""A starting record for every row that has none: rows written before history was
kept, by a data migration, by the demo seed or by a bulk load have no `+` record,
so their first edit would show no change. One INSERT … SELECT per historical
model writes a `+` record of the row as it is now, reason "Catatan awal", and
does nothing for rows that already have history (safe to run again)."""

from django.apps import apps as global_apps
from django.db import connections, router

from .actors import START_REASON

HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason"}


def history_pairs(apps=global_apps, app_labels=None) -> list[tuple]:
    """(model, its historical model) for every historical model in `apps` (the
    project's registry or a migration's state)."""
    pairs = []
    for historical in apps.get_models():
        if not historical.__name__.startswith("Historical"):
            continue
        names = {field.name for field in historical._meta.concrete_fields}
        if not {"history_id", "history_type"} <= names:
            continue
        label = historical._meta.app_label
        if app_labels is not None and label not in app_labels:
            continue
        model = apps.get_model(label, historical.__name__.removeprefix("Historical"))
        pairs.append((model, historical))
    return pairs


def _copied_columns(historical) -> list[str]:
    return [
        field.column
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    ]


def history_start_missing(
    *,
    apps=global_apps,
    app_labels=None,
    by_id: int | None = None,
    using: str | None = None,
) -> dict[str, int]:
    """Write the missing starting records, naming `by_id` as who wrote them (the
    demo seed and an import name theirs; a migration none); returns the count per
    model label."""
    written = {}
    for model, historical in history_pairs(apps, app_labels):
        connection = connections[using or router.db_for_write(model)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in _copied_columns(historical))
        pk = quote(model._meta.pk.column)
        user_column = quote(historical._meta.get_field("history_user").column)
        sql = (
            f"INSERT INTO {quote(historical._meta.db_table)} ({columns}, "  # noqa: S608
            f"history_date, history_change_reason, history_type, {user_column}) "
            f"SELECT {columns}, now(), %s, '+', %s "
            f"FROM {quote(model._meta.db_table)} AS src WHERE NOT EXISTS "
            f"(SELECT 1 FROM {quote(historical._meta.db_table)} AS h "
            f"WHERE h.{pk} = src.{pk})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [START_REASON, by_id])
            written[model._meta.label] = cursor.rowcount
    return written
