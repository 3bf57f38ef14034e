"""The rows of one list page, read by id with SQL compiled once per process.

An API list reads its page's rows on every request. Building and compiling that
queryset (two dozen columns, a subquery or two) costs more than PostgreSQL takes
to run it, so `PageRows` compiles it once, with the ids as one array parameter
(`id = ANY(%s)`), and each request only sends that SQL with its own ids.

The builder must depend on nothing but the ids: the ids are already scoped and
paged by the caller, and whatever else the queryset holds is fixed at the first
call."""

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import F, Lookup
from psycopg.types.datetime import TimestamptzLoader


class AnyOf(Lookup):
    """`field = ANY(%s::bigint[])`: one parameter for any number of ids, so the
    SQL text is the same for every page (`pk__in` writes one `%s` per id)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [value]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]


def pk_any_of(ids) -> AnyOf:
    """The filter `PageRows` builders use for their ids."""
    return AnyOf(F("pk"), ids)


class _Ids(list):
    """The placeholder the builder gets at compile time, found again among the
    compiled parameters by identity."""


class PageRows:
    """`PageRows(build)(ids)`: the rows of `build(ids)` — a `values()` queryset
    filtered with `pk_any_of(ids)` — as dicts in the order of `ids`."""

    def __init__(self, build):
        self._build = build
        self._model = None  # known after the first build
        self._compiled = {}  # alias -> (sql, params, index of the ids parameter)

    def __call__(self, ids: list[int]) -> list[dict]:
        if not ids:
            return []
        alias, (sql, params, slot) = self._compile()
        params = [*params[:slot], list(ids), *params[slot + 1 :]]
        with connections[alias].cursor() as cursor:
            # psycopg's C loader for timestamptz: Django's own is a Python
            # subclass (to set the time zone, which for us is the connection's,
            # UTC, anyway) and costs a third of reading a page.
            cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            by_id = {
                row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()
            }
        return [by_id[pk] for pk in ids if pk in by_id]

    def _compile(self):
        alias = self._model and router.db_for_read(self._model)
        if alias not in self._compiled:
            placeholder = _Ids()
            queryset = self._build(placeholder)
            self._model, alias = queryset.model, queryset.db
            if tuple(queryset.query.values_select[:1]) != ("id",):
                raise ValueError("a PageRows queryset must select `id` first")
            try:
                sql, params = queryset.query.get_compiler(alias).as_sql()
            except EmptyResultSet:  # `pk__in=ids`, given no ids yet
                sql, params = "", ()
            slots = [i for i, param in enumerate(params) if param is placeholder]
            if len(slots) != 1:
                raise ValueError("a PageRows queryset must filter with pk_any_of(ids)")
            self._compiled[alias] = (sql, tuple(params), slots[0])
        return alias, self._compiled[alias]
