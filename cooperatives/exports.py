"""CSV exports streamed from PostgreSQL's own `COPY (SELECT …) TO STDOUT`: the
database formats the rows, Python only forwards buffers, so memory stays flat
whatever the number of rows and no model instance is built. Text cells that a
spreadsheet would run as a formula are quoted in the SELECT (core.spreadsheet)."""

from collections.abc import Iterator

from django.db import connections, router
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from core.spreadsheet import safe_values

from .models import Enterprise

BOM = "\ufeff".encode()
# Forward ~64 KiB at a time: one write per row would cost more than COPY itself.
FLUSH_BYTES = 64 * 1024

# (CSV column, queryset lookup). The API's field names; the owner's NIK never.
ENTERPRISE_COLUMNS = (
    ("id", "id"),
    ("nib", "nib"),
    ("name", "name"),
    ("owner_name", "owner_name"),  # the enterprise's record, not the identity
    ("district", "district_id"),
    ("sub_district", "sub_district_id"),
    ("village", "village_id"),
    ("address", "address"),
    ("kbli", "kbli"),
    ("kbli_version", "kbli_version"),
    ("business_capital", "business_capital"),
    ("annual_revenue", "annual_revenue"),
    ("employees", "employees"),
    ("scale", "scale"),
    ("scale_override", "scale_override"),
    ("cooperative", "cooperative_id"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
)


def copy_csv_stream(
    sql: str, params, *, header: list[str], using: str = "default"
) -> Iterator[bytes]:
    """BOM, header, then the rows of `sql` as CSV, in buffers of ~FLUSH_BYTES.

    Lazy: the query starts when the first chunk is asked for (the response is
    being sent), and the cursor is closed when the stream ends or is closed."""
    yield BOM + (",".join(header) + "\r\n").encode()
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"  # sql: compiled by the ORM
    connection = connections[using]
    connection.ensure_connection()
    buffer = bytearray()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(statement, params or None) as copy,
    ):
        for chunk in copy:
            buffer += chunk
            if len(buffer) >= FLUSH_BYTES:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)


def export_rows(queryset: QuerySet, columns) -> QuerySet:
    """The rows of the export: the columns' values, text cells formula-safe."""
    lookups = [lookup for _name, lookup in columns]
    return queryset.values_list(*safe_values(queryset.model, lookups))


def queryset_csv_stream(queryset: QuerySet, columns) -> Iterator[bytes]:
    rows = export_rows(queryset, columns)
    using = router.db_for_read(queryset.model)
    sql, params = rows.query.get_compiler(using).as_sql()
    return copy_csv_stream(
        sql, params, header=[name for name, _lookup in columns], using=using
    )


def enterprise_csv_response(
    queryset: QuerySet[Enterprise], *, filename: str = "umkm.csv"
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        queryset_csv_stream(queryset, ENTERPRISE_COLUMNS),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
