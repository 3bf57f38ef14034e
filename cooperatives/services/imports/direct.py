# ruff: noqa: S608 -- table and column names come from the models
"""A first load, straight into the final tables: no staging table, no
INSERT … SELECT.

When the registry is empty (no enterprise, no person) and the job holds its
four tables alone (indexes.IndexDrop: locked from the start, their secondary
indexes, the owner key and the NIK-hash unique constraint dropped), nothing in
the file can meet a stored row: the thread reading the file builds the final
rows and the database thread `COPY`s them into the enterprises, the owners and
both history tables, a batch at a time. A COPY is the cheapest way PostgreSQL
takes rows; the staging path wrote each row twice (staged, then inserted).

- Ids: the next value of each table's sequence is claimed at the start and the
  sequence moved past the last id used at the end (`finish`). No other session
  draws from those sequences in between: every insert into a held table waits
  for the job's lock. The history rows take theirs from their own default.
- Owners: one person a NIK, found among the file's owners so far by the hash of
  the NIK (keys.KeyIds, on the reading thread); a new one's NIK encrypted once
  (nik_crypto, the same scheme). A person is named as the last row naming them
  in the batch that first does; a row naming them otherwise is queued for staff
  (PersonReconciliation), as the staging path does.
- History: every created row gets the record django-simple-history writes for
  it: the row's values, history_type '+', history_date (and created_at,
  updated_at) the transaction's now(), the job's user and change reason,
  written by the database from the rows just copied (INSERT … SELECT by the
  batch's ids): no second line a row to format in Python and parse in SQL.
- Checks: the foreign keys, the owner key and the NIK-hash uniqueness are
  checked once for all rows before the commit (indexes.IndexDrop.rebuild), a
  failure failing the job; a row without a NIK is rejected here (no stored
  enterprise to keep an owner from).
- The dropped secondary indexes (not unique, no key, no constraint: the
  trigram search indexes among them) are built after the commit, by a task
  (search_indexes.py), from their statements recorded in the job's transaction
  (DeferredIndex): building them was a third of the job, and the reads they
  serve only run slower until they are back."""

import re

from django.core.exceptions import ImproperlyConfigured
from psycopg.errors import ForeignKeyViolation

from ...models import Enterprise, Person, PersonReconciliation
from ...nik_crypto import nik_encrypter
from ...rules import sme_scale
from .keys import KeyIds
from .loading import NORMAL
from .search_indexes import deferred_indexes_record, search_indexes_queue

MODELS = (Person, Enterprise)
TABLES = tuple(
    table
    for model in MODELS
    for table in (model._meta.db_table, model.history.model._meta.db_table)
)
# The columns a row and its history record share, in the order `stage` formats
# them; a record adds the HISTORY columns. A row's STAMPS take the transaction's
# now() from a column default set for the load (`stamps`): the same value on
# every row, without PostgreSQL parsing a timestamp twice a row.
ENTERPRISE = ("id", "nib", "name", "owner_id", "owner_name", "district_id",
              "sub_district_id", "village_id", "village_name", "address", "kbli",
              "kbli_version", "business_capital", "annual_revenue", "employees",
              "cooperative_id", "scale", "scale_override", "scale_override_reason",
              "scale_override_by_id", "status", "owner_user_id")  # fmt: skip
PERSON = ("id", "nik_encrypted", "nik_hash", "name", "sex", "phone", "email",
          "user_id")  # fmt: skip
HISTORY = ("history_change_reason", "history_type", "history_user_id")
STAMPS = (("created_at", "updated_at"), ("created_at", "history_date"))
ENTERPRISE_LINE = (
    "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t\t%s\t%s\t%d\t%s\t%s\t%d\t%s\t%s\t\t\t\\N\t"
    f"{Enterprise.Status.VERIFIED.value}\t\\N"
)
PERSON_LINE = "%d\t\\\\x%s\t%s\t%s\t%s\t\t\t\\N"  # bytea as hex; no phone, email
NULL = "\\N"
SPECIAL = re.compile(r"[\\\t\n\r]")  # what COPY's text format escapes


def _escaped(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _history_sql(model, shared: tuple[str, ...]) -> str:
    """The creation records (as django-simple-history writes them: the row's
    values, history_type '+', the job's user and reason, the transaction's
    now()) of the rows with ids from %s to %s, in id order."""
    columns = ", ".join([*shared, "created_at"])
    return (
        f"INSERT INTO {model.history.model._meta.db_table} ({columns}, history_date, "
        f"history_change_reason, history_type, history_user_id) SELECT {columns}, "
        f"now(), %s, '+', %s FROM {model._meta.db_table} WHERE id BETWEEN %s AND %s "
        f"ORDER BY id"
    )


def _check_columns(model, shared: tuple[str, ...]) -> None:
    """A field added to the model must be added here (or the rows go wrong)."""
    table = {f.column for f in model._meta.concrete_fields}
    history = {f.column for f in model.history.model._meta.concrete_fields}
    if table != {*shared, *STAMPS[0]} or history != {
        *shared,
        *STAMPS[1],
        *HISTORY,
        "history_id",
    }:
        raise ImproperlyConfigured(f"direct.py does not write every column of {model}")


class DirectRows:
    """A batch: its enterprises' and their records' lines (COPY text), its new
    owners (their lines written by `DirectLoad.seal`), and the enterprises whose
    owner another row names too (their names compared after the COPY)."""

    def __init__(self):
        self.enterprises: list[str] = []  # the part a row shares with its record
        # person id → [NIK hash, encrypted NIK (hex), name, sex, first
        # enterprise id, whether another row of the batch names them]
        self.people: dict[int, list] = {}
        self.candidates: list[int] = []
        self.data: dict[str, bytes] = {}
        self.ids: dict = {}  # model → (first, last) id the batch took
        self.count = 0

    def __len__(self) -> int:
        return self.count


class DirectLoad:
    """One job's first load; `stage` and `seal` run on the reading thread,
    `write` on the database thread."""

    @classmethod
    def start(cls, loader) -> "DirectLoad | None":
        """The fast path if the job holds the four tables, else None."""
        indexes = loader.indexes
        indexes.before_write(*TABLES)
        # (A stamp column with a default of its own: not ours to change.)
        if not set(TABLES) <= set(indexes.tables) or not stamps(loader, "SET"):
            return None
        # Each key comes once a file (running._pass): checked once, at the end.
        indexes.drop_unique(Person._meta.db_table, "nik_hash")
        # Every owner a first load writes has no account: each row's null
        # entry in the account's unique index costs as much as its NIK's.
        indexes.drop_unique(Person._meta.db_table, "user_id")
        indexes.drop_unique(Enterprise._meta.db_table, "nib")
        indexes.defer()
        return cls(loader)

    def __init__(self, loader):
        self.loader = loader
        self.columns = {Person: PERSON, Enterprise: ENTERPRISE}
        for model, shared in self.columns.items():
            _check_columns(model, shared)
        self.history_sql = {
            model: _history_sql(model, shared) for model, shared in self.columns.items()
        }
        self.first = {m: self.claim(m._meta.db_table) for m in MODELS}
        self.next_enterprise, self.next_person = (
            self.first[Enterprise],
            self.first[Person],
        )
        self.sealed = dict(self.first)  # the first id of the batch being read
        self.owners, self.encrypt = KeyIds(), nik_encrypter()
        self.check_user()

    def claim(self, table: str) -> int:
        return self.loader.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table]
        ).fetchone()[0]

    def stage(self, rows: DirectRows, row: tuple, nik: str | None) -> str | None:
        """A validated row (kinds.EnterpriseRules.row) as its final lines, or
        the reason it is rejected."""
        (_line, nib, name, owner_hash, owner_name, district, sub_district, village,
         address, kbli, kbli_version, capital, revenue, employees, cooperative) = row  # fmt: skip
        if not nik:
            return str(self.loader.NO_OWNER)
        enterprise_id = self.next_enterprise
        self.next_enterprise += 1
        hi, lo = int(owner_hash[:16], 16), int(owner_hash[16:32], 16)
        owner_id = self.owners.get(hi, lo)
        if owner_id is None:
            owner_id = self.next_person
            self.next_person += 1
            self.owners.add(hi, lo, owner_id)
            sex = Person.sex_from_nik(nik).value
            rows.people[owner_id] = [owner_hash, self.encrypt(nik).hex(), owner_name,
                                     sex, enterprise_id, False]  # fmt: skip
        else:
            rows.candidates.append(enterprise_id)
            person = rows.people.get(owner_id)
            if person is not None:  # named earlier in this batch: the last name
                person[2] = owner_name
                if not person[5]:
                    person[5] = True
                    rows.candidates.append(person[4])
        if SPECIAL.search(f"{name}{owner_name}{address}"):
            name, owner_name, address = map(_escaped, (name, owner_name, address))
        scale = sme_scale(annual_revenue=revenue, business_capital=capital)
        line = ENTERPRISE_LINE % (
            enterprise_id, NULL if nib is None else nib, name, owner_id, owner_name,
            district, sub_district or NULL, village or NULL, address, kbli,
            kbli_version, capital, NULL if revenue is None else revenue, employees,
            NULL if cooperative is None else cooperative, scale,
        )  # fmt: skip
        rows.enterprises.append(line)
        rows.count += 1
        return None

    def seal(self, rows: DirectRows) -> None:
        """The batch's owners as lines, each table's lines as COPY's bytes, and
        the ids the batch took (its history records are read back by them)."""
        people = []
        for person_id, (digest, encrypted, name, sex, *_rest) in rows.people.items():
            if SPECIAL.search(name):
                name = _escaped(name)
            people.append(PERSON_LINE % (person_id, encrypted, digest, name, sex))
        rows.people = {}
        for model, lines in ((Person, people), (Enterprise, rows.enterprises)):
            if lines:
                lines.append("")
                rows.data[model._meta.db_table] = "\n".join(lines).encode()
        rows.enterprises = []
        for model, following in (
            (Person, self.next_person),
            (Enterprise, self.next_enterprise),
        ):
            if following > self.sealed[model]:
                rows.ids[model] = (self.sealed[model], following - 1)
            self.sealed[model] = following

    def write(self, rows: DirectRows) -> tuple[int, int, list]:
        """Each table's rows COPYed, then their history records written from
        them in the database (INSERT … SELECT by the batch's ids): the text of
        each row is formatted and parsed once, not twice."""
        loader, written = self.loader, [m for m in MODELS if m in rows.ids]
        with loader.indexes.writing(*(m._meta.db_table for m in MODELS)):
            for model in written:
                table = model._meta.db_table
                loader.copy(table, list(self.columns[model]), rows.data[table])
        # Their one key, the job's user, checked at the start (check_user).
        histories = (m.history.model._meta.db_table for m in MODELS)
        with loader.indexes.writing(*histories, checked=True):
            for model in written:
                loader.execute(
                    self.history_sql[model],
                    [loader.params["reason"], loader.params["by"], *rows.ids[model]],
                )
        if rows.candidates:
            self.reconcile(rows.candidates)
        return rows.count, 0, []

    def check_user(self) -> None:
        """The one foreign key of the history records, their user: the job's
        on every record it writes, checked once (and locked as the per-row
        check locks it) where the records are written without triggers."""
        histories = [m.history.model for m in MODELS]
        by = self.loader.params["by"]
        if by is None or not self.loader.indexes.triggerless(
            *(h._meta.db_table for h in histories)
        ):
            return
        for history in histories:
            field = history._meta.get_field("history_user")
            target = field.related_model._meta.db_table
            column = field.target_field.column
            if not self.loader.execute(
                f"SELECT FROM {target} WHERE {column} = %s FOR KEY SHARE", [by]
            ).rowcount:
                raise ForeignKeyViolation(
                    f'insert or update on table "{history._meta.db_table}" violates '
                    f"foreign key constraint\nDETAIL:  Key ({field.column})=({by}) "
                    f'is not present in table "{target}".'
                )

    def reconcile(self, enterprise_ids: list[int]) -> None:
        """The rows naming an owner otherwise than the person is named: queued
        for staff, as loaders.EnterpriseLoader.reconcile does."""
        differs = NORMAL.format("p.name") + " <> " + NORMAL.format("e.owner_name")
        self.loader.execute(
            f"INSERT INTO {PersonReconciliation._meta.db_table} (person_id, "
            f"supplied_name, source, district_id, status, created_at, supplied_by_id)"
            f" SELECT DISTINCT ON (e.owner_id, e.owner_name) e.owner_id, "
            f"e.owner_name, %(source)s, e.district_id, 'open', now(), %(by)s "
            f"FROM {Enterprise._meta.db_table} e JOIN {Person._meta.db_table} p "
            f"ON p.id = e.owner_id WHERE e.id = ANY(%(ids)s) AND {differs} "
            f"ON CONFLICT (person_id, supplied_name) WHERE status = 'open' DO NOTHING",
            {
                "source": PersonReconciliation.Source.ENTERPRISE_IMPORT,
                "by": self.loader.params["by"],
                "ids": enterprise_ids,
            },
        )

    def finish(self) -> None:
        """Each sequence past the last id used; the dropped indexes recorded
        and queued for after the commit."""
        for model, following in (
            (Enterprise, self.next_enterprise),
            (Person, self.next_person),
        ):
            if following > self.first[model]:
                self.loader.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [model._meta.db_table, following - 1],
                )
        self.loader.indexes.run_deferred_checks()  # ALTER TABLE refuses them
        stamps(self.loader, "DROP")
        deferred_indexes_record(self.loader.cursor, self.loader.indexes.deferred)
        search_indexes_queue()


def stamps(loader, change: str) -> bool:
    """SET (or DROP) the STAMPS' defaults of the two tables the rows are
    COPYed into (their history records take now() from the INSERT), if none
    has one of its own."""
    tables = {model._meta.db_table: STAMPS[0] for model in MODELS}
    if (
        change == "SET"
        and loader.execute(
            "SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_name "
            "= ANY(%s) AND column_name IN ('created_at', 'updated_at', 'history_date') "
            "AND column_default IS NOT NULL)",
            [list(tables)],
        ).fetchone()[0]
    ):
        return False
    for table, columns in tables.items():
        default = "SET DEFAULT now()" if change == "SET" else "DROP DEFAULT"
        alter = ", ".join(f"ALTER COLUMN {column} {default}" for column in columns)
        loader.execute(f"ALTER TABLE {table} {alter}")
    return True
