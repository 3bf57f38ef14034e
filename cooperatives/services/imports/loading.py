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
on the thread reading the file); a name that differs is queued, as by the API."""

from django.contrib.postgres.indexes import GinIndex
from django.utils.translation import gettext_lazy as _

from ...models import Cooperative, Enterprise, Person, PersonReconciliation
from ...nik_crypto import encrypt_nik
from ...rules import CAPITAL_BOUNDS, REVENUE_BOUNDS
from .history import with_history
from .indexes import IndexDrop
from .kinds import CooperativeRules
from .staging import StagedRows

STAGE = "import_stage"
# services.identities.same_name in SQL: case and spacing are not a different name.
NORMAL = "lower(regexp_replace(btrim({}), '\\s+', ' ', 'g'))"


def _scale_sql(revenue: str, capital: str) -> str:
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
        updated = (
            0
            if self.fresh
            else self.execute(self.update_sql(), self.params).fetchone()[0]
        )
        created = self.execute(self.insert_sql(), self.params).fetchone()[0]
        return created, updated, rejected

    models_written: tuple = ()

    def finish(self) -> None:
        """Build the dropped indexes and merge the trigram indexes' pending
        entries (kept imports only)."""
        self.indexes.rebuild()
        for model in (self.model, *self.models_written):
            for index in model._meta.indexes:
                if isinstance(index, GinIndex):
                    self.execute(
                        "SELECT gin_clean_pending_list(%s::regclass)", [index.name]
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


class EnterpriseLoader(Loader):
    model = Enterprise
    key = "nib"
    joined = ("owner_hash",)
    DUPLICATE = _("nib: NIB ini muncul lebih dari sekali dalam berkas.")
    ELSEWHERE = _("nib: UMKM dengan NIB ini terdaftar di luar wilayah Anda.")
    NO_OWNER = _("owner_nik: Isi NIK pemilik usaha.")
    models_written = (Person,)
    direct = {
        "nib": "nib", "name": "name", "district": "district_id",
        "sub_district": "sub_district_id", "village": "village_id", "address": "address",
        "kbli": "kbli", "kbli_version": "kbli_version",
        "business_capital": "business_capital", "annual_revenue": "annual_revenue",
        "employees": "employees", "cooperative": "cooperative_id",
    }  # fmt: skip

    def __init__(self, cursor, rules, **kwargs):
        super().__init__(cursor, rules, **kwargs)
        self.execute(
            f"ALTER TABLE {STAGE} ADD COLUMN owner_encrypted bytea, "
            "ADD COLUMN owner_sex text, ADD COLUMN owner_id bigint, "
            "ADD COLUMN owner_differs boolean NOT NULL DEFAULT false"
        )
        self.stage_columns += ["owner_encrypted", "owner_sex"]
        # No owner stored yet (a first load): each batch inserts its owners
        # first and looks them all up once, not twice.
        self.no_people = not self.execute(
            f"SELECT EXISTS (SELECT FROM {Person._meta.db_table})"
        ).fetchone()[0]

    def staged(self, row, nik):
        """The owner's NIK encrypted here, on the thread that reads the file
        (its clear text never leaves this process), with the sex it tells."""
        if not nik:
            return (*row, None, None)
        # bytea's text form: formatting it needs no call into the connection,
        # which the database thread is using (staging.StagedRows).
        return (*row, "\\x" + encrypt_nik(nik).hex(), Person.sex_from_nik(nik))

    def prepare(self) -> list[tuple[int, str]]:
        """Owners: each row's found by the hash of its NIK (one index lookup a
        row), the new ones inserted, names that differ from the identity's
        queued for staff."""
        person = Person._meta.db_table
        differs = NORMAL.format("p.name") + " <> " + NORMAL.format("s.owner_name")
        found = "WHERE p.nik_hash = s.owner_hash"
        if self.no_people:
            # The batch's rows take their new owners from the insert itself
            # (hashed: no lookup), and those of earlier batches by lookup.
            self.execute("SET LOCAL enable_hashjoin = on")
            self.insert_people(
                f"UPDATE {STAGE} s SET owner_id = p.id, owner_differs = {differs} "
                f"FROM written p WHERE p.nik_hash = s.owner_hash"
            )
            self.execute("SET LOCAL enable_hashjoin = off")
            found += " AND s.owner_id IS NULL AND s.owner_hash IS NOT NULL"
        self.execute(
            f"UPDATE {STAGE} s SET owner_id = p.id, owner_differs = {differs} "
            f"FROM {person} p {found}"
        )
        # A row without a NIK keeps the owner of the enterprise it updates.
        if not self.fresh:
            self.execute(
                f"UPDATE {STAGE} s SET owner_id = p.id, owner_differs = "
                f"s.owner_name IS NOT NULL AND {differs} FROM {self.table} t "
                f"JOIN {person} p ON p.id = t.owner_id "
                f"WHERE s.owner_hash IS NULL AND t.nib = s.nib"
            )
        if not self.no_people and self.insert_people():
            self.execute(
                f"UPDATE {STAGE} s SET owner_id = p.id FROM {person} p "
                f"WHERE s.owner_id IS NULL AND p.nik_hash = s.owner_hash"
            )
        rejected = [
            (line, str(self.NO_OWNER))
            for line in self.lines(
                f"DELETE FROM {STAGE} WHERE owner_id IS NULL RETURNING line"
            )
        ]
        self.reconcile()
        return rejected

    def insert_people(self, then="SELECT count(*) FROM written") -> int:
        """The owners not found, one a NIK (named as the file's last row with
        that NIK names them): how many (or what `then` does with them)."""
        person = Person._meta.db_table
        new, conflict = "", "ON CONFLICT (nik_hash) DO NOTHING"
        found_sql = f"SELECT FROM {person} p WHERE p.nik_hash = s.owner_hash"
        if self.people_alone():  # no conflict to fear (see Loader.on_conflict)
            new, conflict = f"WHERE NOT EXISTS ({found_sql}) ", ""
        write = (
            f"INSERT INTO {person} (nik_encrypted, nik_hash, name, sex, phone, "
            f"email, created_at, updated_at) SELECT owner_encrypted, owner_hash, "
            f"owner_name, owner_sex, '', '', now(), now() FROM (SELECT DISTINCT ON "
            f"(owner_hash) * FROM {STAGE} WHERE owner_hash IS NOT NULL AND "
            f"owner_id IS NULL ORDER BY owner_hash, line DESC) s {new}"
            # In key order: the NIK hash index is random, a sorted batch
            # touches each of its pages once.
            f"ORDER BY owner_hash {conflict} RETURNING *"
        )
        sql = with_history(Person, write, "+", then)
        cursor = self.execute(sql, self.params)
        return cursor.fetchone()[0] if cursor.description else cursor.rowcount

    def people_alone(self) -> bool:
        """No owner stored before the job, their table held by it (no other writer)."""
        return self.no_people and Person._meta.db_table in self.indexes.tables

    def reconcile(self) -> None:
        self.execute(
            f"INSERT INTO {PersonReconciliation._meta.db_table} (person_id, "
            f"supplied_name, source, district_id, status, created_at, supplied_by_id)"
            f" SELECT DISTINCT ON (owner_id, owner_name) owner_id, owner_name, "
            f"%(source)s, district_id, 'open', now(), %(by)s FROM {STAGE} "
            f"WHERE owner_differs "
            f"ON CONFLICT (person_id, supplied_name) WHERE status = 'open' DO NOTHING",
            {**self.params, "source": PersonReconciliation.Source.ENTERPRISE_IMPORT},
        )

    def assignments(self):
        revenue = (
            "s.annual_revenue"
            if "annual_revenue" in self.present
            else ("t.annual_revenue")
        )
        capital = (
            "s.business_capital"
            if "business_capital" in self.present
            else ("t.business_capital")
        )
        scale = (
            f"CASE WHEN t.scale_override <> '' THEN t.scale_override "
            f"ELSE {_scale_sql(revenue, capital)} END"
        )
        return [
            *super().assignments(),
            ("owner_id", "s.owner_id"),
            ("owner_name", "COALESCE(s.owner_name, t.owner_name)"),
            ("scale", scale),
        ]

    def unchanged(self):
        """The owner is the same when the row names no NIK, or the stored
        owner's NIK hash is the row's."""
        pairs = [pair for pair in self.assignments() if pair[0] != "owner_id"]
        return (
            "",
            f"AND (s.owner_hash IS NULL OR t.owner_id = (SELECT p.id FROM "
            f"{Person._meta.db_table} p WHERE p.nik_hash = s.owner_hash))",
            pairs,
        )

    def insert_values(self):
        return [
            *super().insert_values(),
            ("owner_id", "s.owner_id"),
            ("owner_name", "COALESCE(s.owner_name, '')"),
            ("scale", _scale_sql("s.annual_revenue", "s.business_capital")),
            ("scale_override", "''"),
            ("scale_override_reason", "''"),
        ]


class CooperativeLoader(Loader):
    model = Cooperative
    key = "nik"
    direct = {
        column.removesuffix("_id"): column for column, _type in CooperativeRules.stage
    }
    DUPLICATE = _("nik: NIK koperasi ini muncul lebih dari sekali dalam berkas.")
    ELSEWHERE = _("nik: Koperasi dengan NIK ini terdaftar di luar wilayah Anda.")
