# ruff: noqa: S608 -- table names come from the models
"""A large load writes a table without its secondary indexes, then builds them.

Inserting a row into a table keeps each of its indexes up to date one entry at a
time: the enterprise table has 17 indexes (a trigram GIN among them), its history
table 4, the owners' 7 and theirs 4, and for a first load of 344,581 rows that is
most of the import's time. Building an index from a full table is one sort, many
times cheaper. So, before the first write to a table that the load would at least
double (it holds fewer rows than the file might), the job drops the table's indexes
that correctness does not need and recreates them, from their own definitions
(`pg_get_indexdef`), once the rows are in (`rebuild`, before the commit).

Kept: unique and primary-key indexes and any index behind a constraint (the
upsert's `ON CONFLICT` and the lookups by NIB, NIK hash and id use them). It is
all in the job's transaction: a dry run or a rolled-back job gets its indexes
back with the rollback. The price is a lock: from the drop to the commit, the
table is not readable by others (taken only if no one is using the table at that
moment, else the indexes stay), which is why only a load that dwarfs the table
does it (a first load, a new district's registry), never a routine update, and
only for a file of IMPORT_INDEX_DROP_MIN_BYTES or more (a small load is cheaper
with its indexes than building them all).

The same goes for a foreign key between two tables the job holds (an enterprise's
owner): dropped before the load, added again at the end, which checks all rows in
one join instead of one deferred trigger a row. A key to any other table stays:
dropping it would lock the table it references (districts, users) for the job."""

from contextlib import nullcontext

from django.conf import settings
from psycopg.errors import LockNotAvailable

from . import replica

# A row of a registry file is 100 to 200 bytes: a file of N bytes holds at most
# about N / 100 rows.
ROW_BYTES = 100
VALIDATE = "ALTER TABLE"  # how a deferred constraint check's statement starts
# (pg_get_constraintdef ends so a constraint whose rows are not checked yet)
NOT_VALID = " NOT VALID"


class IndexDrop:
    def __init__(self, cursor, file_bytes: int):
        self.cursor, self.file_bytes = cursor, file_bytes
        self.small = file_bytes < settings.IMPORT_INDEX_DROP_MIN_BYTES
        self.decided: set[str] = set()
        self.dropped: list[str] = []  # CREATE INDEX statements to run again
        # (name, table, CREATE INDEX) of those left for after the commit
        self.deferred: list[tuple[str, str, str]] = []
        self.names: dict[str, tuple[str, str]] = {}  # statement: (name, table)
        self.tables: list[str] = []  # the tables they belong to
        # ALTER TABLE … ADD CONSTRAINT to run again (foreign keys, drop_unique)
        self.foreign: list[str] = []
        # of those, the foreign keys: statement → (table, constraint name)
        self.keys: dict[str, tuple[str, str]] = {}
        self.replica = False  # may write the tables held without triggers
        self.unchecked: set[str] = set()  # written so: keys checked at the end
        # {table: {key column: every value written}} of a table whose rows
        # were all written by the job (a first load): its keys checked from
        # these, without a scan (replica.check_foreign_keys)
        self.written: dict[str, dict[str, set]] = {}
        # (name, table, ALTER TABLE … VALIDATE CONSTRAINT) for after the commit
        self.validations: list[tuple[str, str, str]] = []

    def before_write(self, *tables: str) -> None:
        """Drop the secondary indexes of each table the load would dwarf (decided
        once a table, at its first write)."""
        locked = len(self.tables)
        for table in tables:
            if table in self.decided:
                continue
            self.decided.add(table)
            if self.small:
                continue
            rows = self.file_bytes // ROW_BYTES + 1
            self.cursor.execute(
                f"SELECT count(*) FROM (SELECT FROM {table} LIMIT %s) x", [rows]
            )
            if self.cursor.fetchone()[0] >= rows or not self.lock(table):
                continue
            self.cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisunique "
                "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint "
                "k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
                [table],
            )
            found = self.cursor.fetchall()
            self.tables.append(table)
            for name, definition in found:
                self.cursor.execute(f'DROP INDEX "{name}"')
                self.dropped.append(definition)
                self.names[definition] = (name, table)
        if len(self.tables) > locked:
            self.drop_foreign_keys()
            self.replica = replica.allowed(self.cursor, self.tables)

    def defer(self) -> None:
        """Every dropped index left out of `rebuild`: a first load has them
        built after its commit (deferred_indexes.py). Unique indexes, primary
        keys and constraints were never dropped: the commit stays correct."""
        self.deferred = [(*self.names[d], d) for d in self.dropped]
        self.dropped = []
        self.deferred += self.validations

    def writing(self, *tables: str):
        """Around a statement writing `tables`: no trigger a row when the job
        holds them all and may (replica.py), their keys checked by `rebuild`."""
        if not (self.replica and set(tables) <= set(self.tables)):
            return nullcontext()
        self.unchecked.update(tables)
        return replica.triggers_off(self.cursor)

    def drop_foreign_keys(self) -> None:
        """The foreign keys between two tables this job holds alone (the
        enterprises' owner): checked once for all rows by the join that adds
        them again, not by a trigger a row. Dropping a foreign key locks the
        table it references, so one to any other table (districts, users) stays."""
        if len(self.tables) < 2:
            return
        self.cursor.execute(
            "SELECT conrelid::regclass::text, conname, "
            "pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = ANY(%(t)s::regclass[]) "
            "AND confrelid = ANY(%(t)s::regclass[]) ORDER BY conname",
            {"t": self.tables},
        )
        found = self.cursor.fetchall()
        if found:
            self.run_deferred_checks()  # rows written before, in this transaction
        for table, name, definition in found:
            self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            statement = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            self.foreign.append(statement)
            self.keys[statement] = (table, name)

    def drop_unique(self, table: str, column: str) -> bool:
        """The unique constraint on `column` of a table the job holds, while it
        is still empty: its index built once at the end (which checks every
        row: a duplicate fails the job) instead of taking each key in random
        order. Whether there was one to drop."""
        if table not in self.tables:
            return False
        self.cursor.execute(
            "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'u' AND conrelid = %(t)s::regclass AND conkey = ARRAY["
            "(SELECT attnum FROM pg_attribute WHERE attrelid = %(t)s::regclass "
            "AND attname = %(c)s)]::int2[]",
            {"t": table, "c": column},
        )
        found = self.cursor.fetchall()
        if found:
            self.run_deferred_checks()  # ALTER TABLE refuses pending checks
        for name, definition in found:
            self.cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            self.foreign.append(
                f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
            )
        return bool(found)

    def drop_checks(self, table: str) -> None:
        """The CHECK constraints of a table the job holds, while it is still
        empty: added again NOT VALID at the end (enforced on every later
        write from the commit on), the rows the job wrote checked after the
        commit (VALIDATE CONSTRAINT, recorded with the deferred indexes: it
        lets the table be read and written meanwhile). Every value they check
        was validated by the job's own rules; checking each row as it is
        copied was a tenth of the copy."""
        if table not in self.tables:
            return
        self.cursor.execute(
            "SELECT quote_ident(conname), conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'c' AND conrelid = %s::regclass "
            "ORDER BY conname",
            [table],
        )
        for quoted, name, definition in self.cursor.fetchall():
            self.cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quoted}")
            self.foreign.append(
                f"ALTER TABLE {table} ADD CONSTRAINT {quoted} "
                + definition.removesuffix(NOT_VALID)
                + NOT_VALID
            )
            self.validations.append(
                (name, table, f"{VALIDATE} {table} VALIDATE CONSTRAINT {quoted}")
            )

    def defer_key_checks(self) -> None:
        """The foreign keys dropped between the tables held (the enterprises'
        owner) added again NOT VALID, their rows checked after the commit
        with the CHECK constraints (drop_checks): a first load's owner ids are
        the ones it wrote itself, in the same batch."""
        for statement, (table, name) in self.keys.items():
            at = self.foreign.index(statement)
            self.foreign[at] = statement.removesuffix(NOT_VALID) + NOT_VALID
            self.validations.append(
                (name, table, f'{VALIDATE} {table} VALIDATE CONSTRAINT "{name}"')
            )
        self.keys = {}

    def lock(self, table: str) -> bool:
        """The table for this job alone, at once, or False: a job never waits
        behind a reader (the readers after it would queue behind the job)."""
        self.cursor.execute("SAVEPOINT import_index_drop")
        try:
            self.cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE NOWAIT")
        except LockNotAvailable:
            self.cursor.execute("ROLLBACK TO SAVEPOINT import_index_drop")
            return False
        self.cursor.execute("RELEASE SAVEPOINT import_index_drop")
        return True

    def rebuild(self) -> None:
        if self.unchecked:
            self.check_foreign_keys()
        if self.dropped or self.foreign:
            # ALTER TABLE and CREATE INDEX refuse a table with pending checks.
            self.run_deferred_checks()
            self.add_foreign_keys()
            self.build()

    def check_foreign_keys(self) -> None:
        """The keys of the tables written without triggers, one statement a key
        (hash joins: the batches' planner settings are lifted)."""
        self.hash_joins()
        replica.check_foreign_keys(self.cursor, sorted(self.unchecked), self.written)
        self.unchecked.clear()

    def hash_joins(self) -> None:
        for setting in ("enable_hashjoin", "enable_mergejoin", "enable_seqscan"):
            self.cursor.execute(f"SET LOCAL {setting} = on")

    def add_foreign_keys(self) -> None:
        """Each dropped foreign key added again as it was, which checks every
        row in one join (a hash join: the batches' planner settings, made for
        index lookups, are lifted). A row without its referenced one fails the
        job as the deferred check would have."""
        if not self.foreign:
            return
        self.hash_joins()
        for statement in self.foreign:
            self.cursor.execute(statement)
        self.foreign.clear()

    def run_deferred_checks(self) -> None:
        """An index cannot be built on a table with deferred foreign-key checks
        pending: run them now (the commit would have), then defer again."""
        self.cursor.execute(
            "SELECT quote_ident(conname) FROM pg_constraint WHERE condeferred "
            "AND conrelid = ANY(%s::regclass[])",
            [self.tables],
        )
        deferred = ", ".join(name for (name,) in self.cursor.fetchall())
        if deferred:
            self.cursor.execute(f"SET CONSTRAINTS {deferred} IMMEDIATE")
            self.cursor.execute(f"SET CONSTRAINTS {deferred} DEFERRED")

    def build(self) -> None:
        for definition in self.dropped:
            self.cursor.execute(definition)
        self.dropped.clear()
        self.tables.clear()
