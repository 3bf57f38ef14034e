# ruff: noqa: S608 -- table and column names come from the models
"""The history records (django-simple-history's tables) of the rows a statement
writes, in that same statement: set-based, as the rows themselves."""


def history_columns(model) -> list[str]:
    return [
        f.column
        for f in model.history.model._meta.concrete_fields
        if not f.column.startswith("history_")
    ]


def with_history(
    model, write_sql: str, history_type: str, then="SELECT count(*) FROM written"
) -> str:
    """`write_sql` (… RETURNING *) with its history rows, then `then` (by
    default, counting the rows written)."""
    columns = ", ".join(history_columns(model))
    table = model.history.model._meta.db_table
    return (
        f"WITH written AS ({write_sql}), history AS ("
        f"INSERT INTO {table} ({columns}, history_date, history_change_reason, "
        f"history_type, history_user_id) SELECT {columns}, now(), %(reason)s, "
        f"'{history_type}', %(by)s FROM written) {then}"
    )
