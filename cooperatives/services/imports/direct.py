# ruff: noqa: S608 -- table and column names come from the models
"""A first load, straight into the final tables: no staging table, no
INSERT … SELECT.

When the registry is empty (no enterprise, no person) and the job holds its
two tables alone (indexes.IndexDrop: locked from the start, their secondary
indexes, the owner key and the NIK-hash unique constraint dropped), nothing in
the file can meet a stored row: the thread reading the file builds the final
rows and the database thread `COPY`s them into the enterprises and the owners,
a batch at a time. A COPY is the cheapest way PostgreSQL takes rows; the
staging path wrote each row twice (staged, then inserted).

- Ids: the next value of each table's sequence is claimed at the start and the
  sequence moved past the last id used at the end (`finish`). No other session
  draws from those sequences in between: every insert into a held table waits
  for the job's lock.
- Owners: one person a NIK, found among the file's owners so far by the hash of
  the NIK (keys.KeyIds, on the reading thread); a new one's NIK encrypted once
  (nik_crypto, the same scheme). A person is named as the last row naming them
  in the batch that first does; a row naming them otherwise is queued for staff
  (PersonReconciliation), as the staging path does.
- History: every created row gets the record django-simple-history writes for
  it (the row's values, history_type '+', history_date the transaction's
  now(), as created_at and updated_at, the job's user and change reason), but
  after the commit: the job records each table's range of ids, and a trigger
  keeps the record of a row changed before the task writes it
  (deferred_history.py). The records were two of the four COPYs.
- Checks: the foreign keys and the NIB and NIK-hash uniqueness are checked
  once for all rows before the commit (indexes.IndexDrop.rebuild), a failure
  failing the job; the owner key and the CHECK constraints are added again NOT
  VALID (enforced from the commit on) and the job's rows checked after the
  commit with the deferred indexes (their owners are the ones the job wrote,
  their values passed the job's own rules); the enterprises' other keys are
  checked from the values the job wrote; a row without a NIK is rejected here
  (no stored enterprise to keep an owner from).
- The dropped secondary indexes (not unique, no key, no constraint: the
  trigram search indexes among them) are built after the commit, by a task
  (deferred_indexes.py), from their statements recorded in the job's transaction
  (DeferredIndex): building them was a third of the job, and the reads they
  serve only run slower until they are back."""

from django.core.exceptions import ImproperlyConfigured

from ...models import Enterprise, Person, PersonReconciliation
from ...nik_crypto import nik_encrypter
from ...rules import sme_scale
from .deferred_history import deferred_history_queue, deferred_history_record
from .deferred_indexes import deferred_indexes_queue, deferred_indexes_record
from .keys import KeyIds
from .loading import NORMAL

MODELS = (Person, Enterprise)
TABLES = tuple(model._meta.db_table for model in MODELS)
# The columns of a row, in the order `stage` formats them. The STAMPS take the
# transaction's now() from a column default set for the load (`stamps`): the
# same value on every row, without PostgreSQL parsing a timestamp twice a row.
ENTERPRISE = ("id", "nib", "name", "owner_id", "owner_name", "district_id",
              "sub_district_id", "village_id", "village_name", "address", "kbli",
              "kbli_version", "business_capital", "annual_revenue", "employees",
              "cooperative_id", "scale", "scale_override", "scale_override_reason",
              "scale_override_by_id", "status", "owner_user_id")  # fmt: skip
PERSON = ("id", "nik_encrypted", "nik_hash", "name", "sex", "phone", "email",
          "user_id", "anonymised_at")  # fmt: skip
# The enterprises' foreign keys a row of the file sets (the owner's is checked
# after the commit; the scale's overrider and the owner's account stay null).
WRITTEN_KEYS = ("district_id", "sub_district_id", "village_id", "cooperative_id")
STAMPS = ("created_at", "updated_at")
ENTERPRISE_LINE = (
    "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t\t%s\t%s\t%d\t%s\t%s\t%d\t%s\t%s\t\t\t\\N\t"
    f"{Enterprise.Status.VERIFIED.value}\t\\N"
)
PERSON_LINE = "%d\t\\\\x%s\t%s\t%s\t%s\t\t\t\\N\t\\N"  # bytea as hex; no phone, email, user, anonymised_at
NULL = "\\N"
BYTEA_HEX = "\\\\x"  # bytea's hex form, its backslash escaped for COPY
PERSON_TAIL = ("", "", NULL, NULL)
PERSON_FIELDS = ("%d", BYTEA_HEX + "%s", "%s", "%s", "%s", *PERSON_TAIL)
if "\t".join(PERSON_FIELDS) != PERSON_LINE:
    raise ImproperlyConfigured("arrow_text.person_lines does not build PERSON_LINE")
# An owner's sex by the day digits of their NIK (Person.sex_from_nik's rule):
# a lookup, not an enum member's value (0.5 µs a row).
SEX_BY_DAY = {
    f"{day:02d}": Person.sex_from_nik(f"000000{day:02d}00000000").value
    for day in range(100)
}


def copy_special(text: str) -> bool:
    """Whether `text` may hold what COPY's text format escapes (a backslash,
    tab, newline or carriage return): every other text is printable."""
    return "\\" in text or not text.isprintable()


def copy_escaped(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _check_columns(model, columns: tuple[str, ...]) -> None:
    """A field added to the model must be added here (or the rows go wrong)."""
    if {f.column for f in model._meta.concrete_fields} != {*columns, *STAMPS}:
        raise ImproperlyConfigured(f"direct.py does not write every column of {model}")


class DirectRows:
    """A batch: its enterprises' lines (COPY text), its new
    owners (their lines written by `DirectLoad.seal`), and the enterprises whose
    owner another row names too (their names compared after the COPY)."""

    def __init__(self):
        # A line (str) a row, or many (a pyarrow string array: columnar.py),
        # in the file's order.
        self.enterprises: list = []
        # person id → [NIK hash, encrypted NIK (hex), name, sex, first
        # enterprise id, whether another row of the batch names them]
        self.people: dict[int, list] = {}
        self.candidates: list[int] = []
        self.data: dict[str, bytes] = {}
        self.count = 0

    def __len__(self) -> int:
        return self.count


class DirectLoad:
    """One job's first load; `stage` and `seal` run on the reading thread,
    `write` on the database thread."""

    @classmethod
    def start(cls, loader) -> "DirectLoad | None":
        """The fast path if the job holds the two tables, else None."""
        indexes = loader.indexes
        indexes.before_write(*TABLES)
        # (A stamp column with a default of its own: not ours to change.)
        if not set(TABLES) <= set(indexes.tables) or not stamps(loader, "SET"):
            return None
        # Each key comes once a file (running._pass): checked once, at the end.
        indexes.drop_unique(Person._meta.db_table, "nik_hash")
        # Every owner a first load writes has no account: each row's null
        # entry in the account's unique index cost as much as its NIK's.
        indexes.drop_unique(Person._meta.db_table, "user_id")
        indexes.drop_unique(Enterprise._meta.db_table, "nib")
        for model in MODELS:
            indexes.drop_checks(model._meta.db_table)
        indexes.defer_key_checks()
        indexes.defer()
        return cls(loader)

    def __init__(self, loader):
        for model, columns in ((Enterprise, ENTERPRISE), (Person, PERSON)):
            _check_columns(model, columns)
        self.loader = loader
        self.first = {m: self.claim(m._meta.db_table) for m in MODELS}
        self.next_enterprise, self.next_person = (
            self.first[Enterprise],
            self.first[Person],
        )
        self.owners, self.encrypt = KeyIds(), nik_encrypter()
        # Every value of the enterprises' keys the load writes (none of the
        # owners'): their keys checked from these at the end, not by a scan.
        self.written = {column: set() for column in WRITTEN_KEYS}
        loader.indexes.written = {
            Enterprise._meta.db_table: self.written,
            Person._meta.db_table: {},
        }

    def claim(self, table: str) -> int:
        return self.loader.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table]
        ).fetchone()[0]

    def stage(self, rows: DirectRows, row: tuple, nik: str | None) -> str | None:
        """A validated row (kinds.EnterpriseRules.row) as its final lines, or
        the reason it is rejected."""
        if not nik:
            return str(self.loader.NO_OWNER)
        enterprise_id = self.next_enterprise
        self.next_enterprise += 1
        owner_hash, owner_name = row[3], row[4]
        hi, lo = int(owner_hash[:16], 16), int(owner_hash[16:32], 16)
        owner_id = self.owners.setdefault(hi, lo, self.next_person)
        if owner_id is None:
            owner_id = self.next_person
            self.next_person += 1
            self.people(rows, [(owner_id, owner_hash, nik, owner_name, enterprise_id)])
        else:
            self.again(rows, owner_id, owner_name, enterprise_id)
        written = self.written  # (the row's district, kecamatan, village, cooperative)
        written["district_id"].add(row[5])
        written["sub_district_id"].add(row[6])
        written["village_id"].add(row[7])
        written["cooperative_id"].add(row[14])
        rows.enterprises.append(self.line(row, enterprise_id, owner_id))
        rows.count += 1
        return None

    def line(self, row: tuple, enterprise_id: int, owner_id: int) -> str:
        """A staged row's line."""
        (_line, nib, name, _owner_hash, owner_name, district, sub_district, village,
         address, kbli, kbli_version, capital, revenue, employees, cooperative) = row  # fmt: skip
        if copy_special(name + owner_name + address):
            name, owner_name, address = map(copy_escaped, (name, owner_name, address))
        scale = sme_scale(annual_revenue=revenue, business_capital=capital)
        return ENTERPRISE_LINE % (
            enterprise_id, NULL if nib is None else nib, name, owner_id, owner_name,
            district, sub_district or NULL, village or NULL, address, kbli,
            kbli_version, capital, NULL if revenue is None else revenue, employees,
            NULL if cooperative is None else cooperative, scale,
        )  # fmt: skip

    def people(self, rows: DirectRows, new) -> None:
        """New owners, each (id, NIK hash, NIK, name, the id of the enterprise
        first naming them), its NIK encrypted here; the columnar pass
        (columnar.py) comes here too, a segment's owners at once."""
        people, encrypt, sexes = rows.people, self.encrypt, SEX_BY_DAY
        for owner_id, owner_hash, nik, owner_name, enterprise_id in new:
            people[owner_id] = [owner_hash, encrypt(nik).hex(), owner_name,
                                sexes[nik[6:8]], enterprise_id, False]  # fmt: skip

    def again(self, rows: DirectRows, owner_id: int, owner_name: str,
              enterprise_id: int) -> None:  # fmt: skip
        """A row naming an owner an earlier row named: queued to compare the
        names; within the batch that made the person, the last name theirs."""
        rows.candidates.append(enterprise_id)
        person = rows.people.get(owner_id)
        if person is not None:  # named earlier in this batch: the last name
            person[2] = owner_name
            if not person[5]:
                person[5] = True
                rows.candidates.append(person[4])

    def unclaim(self) -> None:
        """The ids claimed at the start given back (a pass that starts over:
        running.py): the job holds the tables, no one drew from them since."""
        for model, first in self.first.items():
            self.loader.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                [model._meta.db_table, first],
            )

    def seal(self, rows: DirectRows) -> None:
        """The batch's owners as lines, and both sets as COPY's bytes."""
        from .arrow_text import copy_data, person_lines  # pyarrow: the worker's

        people = [person_lines(rows.people)] if rows.people else []
        rows.people = {}
        for model, lines in ((Person, people), (Enterprise, rows.enterprises)):
            rows.data[model._meta.db_table] = copy_data(lines, "\n")
        rows.enterprises = []

    def write(self, rows: DirectRows) -> tuple[int, int, list]:
        loader = self.loader
        with loader.indexes.writing(*TABLES):
            for model, columns in ((Person, PERSON), (Enterprise, ENTERPRISE)):
                table = model._meta.db_table
                if rows.data.get(table):
                    loader.copy(table, list(columns), rows.data[table])
        if rows.candidates:
            self.reconcile(rows.candidates)
        return rows.count, 0, []

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
        """Each sequence past the last id used; the rows' history records and
        the dropped indexes recorded and queued for after the commit."""
        loader, ranges = self.loader, {}
        for model, following in (
            (Enterprise, self.next_enterprise),
            (Person, self.next_person),
        ):
            if following > self.first[model]:
                table = model._meta.db_table
                loader.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [table, following - 1],
                )
                ranges[table] = (self.first[model], following - 1)
        loader.indexes.run_deferred_checks()  # ALTER TABLE refuses them
        stamps(loader, "DROP")
        deferred_history_record(
            loader.cursor, ranges, by=loader.params["by"],
            reason=loader.params["reason"],
        )  # fmt: skip
        deferred_history_queue()
        deferred_indexes_record(loader.cursor, loader.indexes.deferred)
        deferred_indexes_queue()


def stamps(loader, change: str) -> bool:
    """SET (or DROP) the STAMPS' defaults, if none has one of its own."""
    if (
        change == "SET"
        and loader.execute(
            "SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_name "
            "= ANY(%s) AND column_name = ANY(%s) AND column_default IS NOT NULL)",
            [list(TABLES), list(STAMPS)],
        ).fetchone()[0]
    ):
        return False
    default = "SET DEFAULT now()" if change == "SET" else "DROP DEFAULT"
    alter = ", ".join(f"ALTER COLUMN {column} {default}" for column in STAMPS)
    for table in TABLES:
        loader.execute(f"ALTER TABLE {table} {alter}")
    return True
