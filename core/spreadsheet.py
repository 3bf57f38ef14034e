"""No live formulas in a spreadsheet we write (OWASP, "CSV Injection"): Excel,
LibreOffice and Google Sheets read a text cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return as a formula, so such a cell is written with a
leading apostrophe. Text only: numbers and dates stay numbers and dates.

One rule, in the two places cells are made: `safe_cell` for the writers that build
cells in Python (reports, the admin's import-export), `SafeCellText` for the CSV
that PostgreSQL writes itself (`COPY`, the API's export)."""

from django.db.models import CharField, Func, TextField

FORMULA_STARTS = frozenset("=+-@\t\r")


def safe_cell(value):
    """The value as a cell: text that a spreadsheet would run gets an apostrophe;
    anything else (numbers, dates, None, text that starts otherwise) is unchanged.
    Called for every cell of long exports, hence the one cheap check."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_cell_undo(value):
    """What `safe_cell` wrote, read back: a file exported by us imports the text
    that was exported (`'+62812…` becomes `+62812…` again)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


# The code points of FORMULA_STARTS, for SQL's ascii() (the first character's).
_STARTS_SQL = ", ".join(str(ord(char)) for char in sorted(FORMULA_STARTS))


class SafeCellText(Func):
    """`safe_cell` in SQL for one text expression (NULL stays NULL)."""

    arity = 1
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"CASE WHEN ascii({sql}) IN ({_STARTS_SQL}) "
            f"THEN '''' || {sql} ELSE {sql}::text END",
            (*params, *params, *params),
        )


def safe_values(model, lookups) -> list:
    """`lookups` for `values_list()`, those of free text wrapped in SafeCellText.

    A CharField or TextField is free text unless it has choices; a foreign key
    (a reference code such as `64.72`) and a choice come from a closed set of our
    own, which cannot start a formula, and are left plain: the check costs about
    0.1 µs a cell, which a 100,000-row export pays once per wrapped column."""
    return [
        SafeCellText(lookup) if _is_free_text(model, lookup) else lookup
        for lookup in lookups
    ]


def _is_free_text(model, lookup: str) -> bool:
    *path, last = lookup.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    return isinstance(field, CharField | TextField) and not field.choices
