# ruff: noqa: S608 -- table names come from the models
"""A large load writes a table without its secondary indexes, then builds them.

Inserting a row into a table keeps each of its indexes up to date one entry at a
time: the enterprise table has 20 indexes (a trigram GIN among them), its history
table 13, the owners' 8 and theirs 7, and for a first load of 344,581 rows that is
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
with its indexes than building them all)."""

from django.conf import settings
from psycopg.errors import LockNotAvailable

# A row of a registry file is 100 to 200 bytes: a file of N bytes holds at most
# about N / 100 rows.
ROW_BYTES = 100


class IndexDrop:
    def __init__(self, cursor, file_bytes: int):
        self.cursor, self.file_bytes = cursor, file_bytes
        self.small = file_bytes < settings.IMPORT_INDEX_DROP_MIN_BYTES
        self.decided: set[str] = set()
        self.dropped: list[str] = []  # CREATE INDEX statements to run again
        self.tables: list[str] = []  # the tables they belong to

    def before_write(self, *tables: str) -> None:
        """Drop the secondary indexes of each table the load would dwarf (decided
        once a table, at its first write)."""
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
        if self.dropped:
            self.run_deferred_checks()
            self.build()

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
