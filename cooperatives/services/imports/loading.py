# ruff: noqa: S608 -- table and column names come from the models, values are parameters
"""Writing a batch of validated rows in SQL, never row by row through the ORM.

The batch is `COPY`-ed into a temporary staging table, the check that needs the
database (a key of another district) rejects its rows there, the rows equal to
what is stored (every imported column, the owner by the hash of their NIK) leave
the staging table before anything is written (a re-import of an unchanged file
writes nothing: no row, no history, no `updated_at`), and the registry is
upserted by its natural key with one `UPDATE … FROM` and one
`INSERT … SELECT … ON CONFLICT DO NOTHING`. A load that dwarfs a table writes it
without its secondary indexes and builds them at the end (indexes.IndexDrop).
Each written row leaves its history record (django-simple-history's table) in
the same statement. Owners are found by the keyed hash of their NIK (encrypted
on the thread reading the file); a name that differs is queued, as by the API.
A first load into an empty registry the job holds alone skips the staging table
and COPYs its final rows straight in (direct.py)."""

from django.contrib.postgres.indexes import GinIndex

from ...rules import CAPITAL_BOUNDS, REVENUE_BOUNDS
from .history import with_history
from .indexes import IndexDrop
from .staging import StagedRows

STAGE = "import_stage"
# services.identities.same_name in SQL: case and spacing are not a different name.
NORMAL = "lower(regexp_replace(btrim({}), '\\s+', ' ', 'g'))"


def scale_sql(revenue: str, capital: str) -> str:
    """rules.sme_scale in SQL, from the same bounds."""

    def case(amount: str, bounds) -> str:
        whens = " ".join(f"WHEN {amount} <= {upper} THEN '{s}'" for s, upper in bounds)
        return f"CASE {whens} ELSE 'large' END"

    return (
        f"CASE WHEN {revenue} IS NOT NULL THEN {case(revenue, REVENUE_BOUNDS)} "
        f"ELSE {case(f'COALESCE({capital}, 0)', CAPITAL_BOUNDS)} END"
    )


class Loader:
    """One job's staging tables and statements (one database session)."""

    model = None
    key = ""
    joined = ()  # staged columns the statements join on, besides the key
    # file column → table column for the columns that map one to one
    direct: dict[str, str] = {}

    def __init__(
        self, cursor, rules, *, district_id, by_id, reason: str, file_bytes: int = 0
    ):
        self.cursor, self.rules = cursor, rules
        self.indexes = IndexDrop(cursor, file_bytes)
        self.district_id = district_id
        self.params = {"by": by_id, "reason": reason, "district": district_id}
        self.table = self.model._meta.db_table
        self.stage_columns = ["line", *(name for name, _type in rules.stage)]
        self.present = [
            column for name, column in self.direct.items() if name in rules.present
        ]
        types = ", ".join(f"{name} {kind}" for name, kind in rules.stage)
        # Trigram (GIN) indexes take new entries in a pending list and merge them
        # into the index when it fills: larger lists and more memory for the
        # merge make the same work several times cheaper; `finish` merges what
        # is left, so searches never read a long list.
        self.execute("SET LOCAL gin_pending_list_limit = 65536")
        self.execute("SET LOCAL work_mem = '64MB'")
        self.execute("SET LOCAL maintenance_work_mem = '128MB'")
        # A batch meets the registry through its unique indexes (NIB, NIK hash,
        # id). The planner's figures for the registry lag behind this very
        # transaction (its rows are not analysed until it commits), and with a
        # table it believes small it scans it whole for every batch: quadratic.
        for setting in ("enable_hashjoin", "enable_mergejoin", "enable_seqscan"):
            self.execute(f"SET LOCAL {setting} = off")
        self.execute("SET LOCAL jit = off")  # those costs would compile every batch
        # One commit a job, and the job's outcome is committed after it (which
        # flushes this one too): nothing to wait for here.
        self.execute("SET LOCAL synchronous_commit = off")
        self.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.execute(f"CREATE TEMP TABLE {STAGE} (line integer, {types})")
        # An empty registry (a first load): no staged row can match a stored one
        # (a key comes once a file): the statements that look for one are skipped.
        self.fresh = not self.execute(
            f"SELECT EXISTS (SELECT FROM {self.table})"
        ).fetchone()[0]

    def execute(self, sql: str, params=None):
        self.cursor.execute(sql, params)
        return self.cursor

    def lines(self, sql: str, params=None) -> list[int]:
        return [line for (line,) in self.execute(sql, params or self.params)]

    def copy(self, table: str, columns: list[str], data: bytes) -> None:
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as c:
            c.write(data)

    def staged(self, row: tuple, extra) -> tuple:
        """The tuple copied into the staging table for a validated row (on the
        thread that reads the file)."""
        return row

    def batch(self) -> StagedRows:
        return StagedRows(self.cursor.connection)

    def stage(self, rows, row: tuple, extra) -> str | None:
        """Add a validated row to the batch (reading thread); a reason if the
        row is rejected after all."""
        rows.append(self.staged(row, extra))
        return None

    def seal(self, rows) -> None:
        """The batch complete, before the database thread takes it."""

    # Whether `load` may reject rows (the reading thread keeps every row's
    # cells for the rejected-rows CSV until then).
    rejects_later = True

    def load(self, rows: StagedRows) -> tuple[int, int, list[tuple[int, str]]]:
        """(created, updated, [(line, reason)]) for a batch of staged rows."""
        self.execute(f"TRUNCATE {STAGE}")
        self.copy(STAGE, self.stage_columns, rows.data())
        # Temporary tables are never auto-analysed: without figures the planner
        # joins a batch to the whole registry by sequential scan, every batch.
        # Its size and join keys are what it needs (all columns: 160 ms a batch).
        self.execute(f"ANALYZE {STAGE} ({', '.join(['line', self.key, *self.joined])})")
        rejected = []
        if self.district_id and not self.fresh:
            rejected += [(line, str(self.ELSEWHERE)) for line in self.elsewhere()]
        left = rows.count - len(rejected)
        if left and not self.fresh:
            left -= self.execute(self.unchanged_sql(), self.params).rowcount
        if not left:  # all of it as stored: nothing to write
            return 0, 0, rejected
        self.indexes.before_write(
            *(m._meta.db_table for m in (self.model, *self.models_written)),
            *(
                m.history.model._meta.db_table
                for m in (self.model, *self.models_written)
            ),
        )
        rejected += self.prepare()
        updated = 0 if self.fresh else self.write(self.model, self.update_sql())
        created = self.write(self.model, self.insert_sql())
        return created, updated, rejected

    models_written: tuple = ()

    def write(self, model, sql: str, params=None):
        """A statement writing `model`'s table and its history: without a
        trigger a row where the job may (indexes.IndexDrop.writing); its first
        column of its one row (or its row count)."""
        tables = (model._meta.db_table, model.history.model._meta.db_table)
        with self.indexes.writing(*tables):
            cursor = self.execute(sql, self.params if params is None else params)
            return cursor.fetchone()[0] if cursor.description else cursor.rowcount

    def finish(self) -> None:
        """Build the dropped indexes and merge the trigram indexes' pending
        entries (kept imports only)."""
        self.indexes.rebuild()
        for model in (self.model, *self.models_written):
            for index in model._meta.indexes:
                if isinstance(index, GinIndex):
                    # Not there when built after the commit (direct.py).
                    self.execute(
                        "SELECT gin_clean_pending_list(i) FROM to_regclass(%s) i "
                        "WHERE i IS NOT NULL",
                        [index.name],
                    )

    def elsewhere(self) -> list[int]:
        return self.lines(
            f"DELETE FROM {STAGE} s USING {self.table} t WHERE t.{self.key} = "
            f"s.{self.key} AND t.district_id <> %(district)s RETURNING s.line"
        )

    def prepare(self) -> list[tuple[int, str]]:
        return []

    def assignments(self) -> list[tuple[str, str]]:
        """(column, new value) of an update."""
        return [(column, f"s.{column}") for column in self.present]

    def unchanged(self) -> tuple[str, str, list[tuple[str, str]]]:
        """(more tables joined, more conditions, (column, new value) pairs) that
        say a staged row is what its stored row already holds."""
        return "", "", self.assignments()

    def unchanged_sql(self) -> str:
        """Remove the staged rows equal to their stored row, before any write."""
        joins, conditions, pairs = self.unchanged()
        old = ", ".join(f"t.{column}" for column, _value in pairs)
        new = ", ".join(value for _column, value in pairs)
        # As a SELECT joined by the key's index (a DELETE … USING with an outer
        # join is planned as a cross join), its rows removed by their ctid.
        return (
            f"DELETE FROM {STAGE} WHERE ctid = ANY(ARRAY(SELECT s.ctid FROM {STAGE} "
            f"s JOIN {self.table} t ON t.{self.key} = s.{self.key} {joins} "
            f"WHERE ({old}) IS NOT DISTINCT FROM ({new}) {conditions}))"
        )

    def update_sql(self) -> str:
        pairs = self.assignments()
        sets = ", ".join(f"{column} = {value}" for column, value in pairs)
        old = ", ".join(f"t.{column}" for column, _value in pairs)
        new = ", ".join(value for _column, value in pairs)
        write = (
            f"UPDATE {self.table} t SET {sets}, updated_at = now() FROM {STAGE} s "
            f"WHERE t.{self.key} = s.{self.key} AND ({old}) IS DISTINCT FROM ({new}) "
            f"RETURNING t.*"
        )
        return with_history(self.model, write, "~")

    def on_conflict(self, table: str, key: str) -> str:
        """`ON CONFLICT DO NOTHING`, unless no row can conflict (an empty table
        the job holds alone, indexes.IndexDrop, takes each key of the file once):
        a plain insert skips each row's speculative insertion into the index."""
        if self.fresh and table in self.indexes.tables:
            return ""
        return f"ON CONFLICT ({key}) DO NOTHING"

    def insert_values(self) -> list[tuple[str, str]]:
        return [(column, f"s.{column}") for column in self.direct.values()]

    def insert_sql(self) -> str:
        pairs = [
            *self.insert_values(),
            ("village_name", "''"),  # the free text of old rows; imports code it
            ("created_at", "now()"),
            ("updated_at", "now()"),
        ]
        new = (
            ""
            if self.fresh
            else f"WHERE s.{self.key} IS NULL OR NOT EXISTS (SELECT FROM "
            f"{self.table} t WHERE t.{self.key} = s.{self.key})"
        )
        write = (
            f"INSERT INTO {self.table} ({', '.join(c for c, _v in pairs)}) "
            f"SELECT {', '.join(v for _c, v in pairs)} FROM {STAGE} s {new} "
            f"ORDER BY s.line {self.on_conflict(self.table, self.key)} RETURNING *"
        )
        return with_history(self.model, write, "+")
