# ruff: noqa: S608 -- table and column names come from the catalog
"""Foreign keys of a bulk load checked once per key, not by a trigger a row.

Every row inserted into a table with foreign keys queues one trigger event per
key (an enterprise: district, sub-district, cooperative, owner, the user who
overrode its scale; a history row: its user), each run at the commit as one
index lookup. For a first load of 344,581 enterprises that is millions of
events. Dropping the keys would lock the tables they reference (districts,
users) against every reader until the commit, so instead, where the database
role may (a superuser, or one granted `SET ON PARAMETER
session_replication_role`, PostgreSQL 15+), the job's writes to the tables it
holds alone (indexes.IndexDrop) run with `session_replication_role = replica`
for that statement only, which fires no trigger, and before the commit each
foreign key of those tables is checked in one statement: the distinct keys of
all the table's rows, the referenced rows locked `FOR KEY SHARE` as the trigger
would (so none can be deleted before the commit) and any key without its row
fails the job with the error the trigger would have raised.

Replica mode would also silence ordinary triggers: a table with one of its own
(none of ours has) keeps the per-row path, as does a role without the right. The
statement triggers of the stored figures (`figures_<family>`, core.figures) are the
exception: when replica mode is allowed the job touches their families itself, in
its transaction, before its first write. So is the trigger keeping a first load's
history records (deferred_history.py): enabled ALWAYS, replica mode fires it."""

from contextlib import contextmanager

from psycopg.errors import ForeignKeyViolation, InsufficientPrivilege
from psycopg.pq import TransactionStatus

ROLE = "session_replication_role"


def allowed(cursor, tables: list[str]) -> bool:
    """May this role turn triggers off for its own writes, and do the tables
    have no trigger besides their foreign keys' (which we check ourselves)?"""
    cursor.execute(
        "SELECT EXISTS (SELECT FROM pg_trigger WHERE NOT tgisinternal "
        "AND tgrelid = ANY(%s::regclass[]) AND tgname NOT LIKE 'figures\\_%%' "
        "AND tgname <> 'deferred_history')",
        [tables],
    )
    if cursor.fetchone()[0]:
        return False
    cursor.execute("SAVEPOINT import_replica")
    try:
        cursor.execute(f"SET LOCAL {ROLE} = replica")
    except InsufficientPrivilege:
        cursor.execute("ROLLBACK TO SAVEPOINT import_replica")
        return False
    cursor.execute(f"SET LOCAL {ROLE} = origin")
    cursor.execute("RELEASE SAVEPOINT import_replica")
    figures_touch(cursor, tables)
    return True


def figures_touch(cursor, tables: list[str]) -> None:
    """What the figures' triggers of `tables` would do (replica mode fires none):
    their families' touch sequences advanced, their advisory lock held to the
    commit."""
    cursor.execute(
        "SELECT figures_touch(family) FROM (SELECT DISTINCT substr(tgname, 9) "
        "AS family FROM pg_trigger WHERE tgname LIKE 'figures\\_%%' "
        "AND tgrelid = ANY(%s::regclass[])) AS touched",
        [tables],
    )


@contextmanager
def triggers_off(cursor):
    """The statements inside fire no trigger (no foreign-key check queued)."""
    cursor.execute(f"SET LOCAL {ROLE} = replica")
    try:
        yield
    finally:
        if cursor.connection.info.transaction_status != TransactionStatus.INERROR:
            cursor.execute(f"SET LOCAL {ROLE} = origin")


KEYS_SQL = """
SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname,
  array(SELECT quote_ident(a.attname) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
  array(SELECT quote_ident(a.attname) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i),
  array(SELECT format_type(a.atttypid, NULL) FROM unnest(c.confkey) WITH ORDINALITY
        k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
        ORDER BY k.i)
FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
ORDER BY c.conname
"""


def check_foreign_keys(cursor, tables: list[str], written=None) -> None:
    """Each foreign key of `tables` in one statement: its distinct values (of
    all a table's keys found in one scan, `_distinct_keys`), the rows they
    reference locked as the per-row check locks them, and the first value
    without its row raised as that check would raise it.

    `written` ({table: {column: the distinct values the job wrote}}) spares a
    table the scan when the job wrote all of its rows and knows every value of
    every single-column key of it (a first load, direct.py): those values are
    checked instead, and a key it never set (no column named) references
    nothing."""
    if not tables:
        return
    cursor.execute(KEYS_SQL, [sorted(tables)])
    found = cursor.fetchall()
    for table in sorted(tables):
        keys = [key for key in found if key[0] == table]
        values = (written or {}).get(table)
        if values is not None and all(len(key[3]) == 1 for key in keys):
            _check_written(cursor, keys, values)
            continue
        if len(keys) > 1:
            _distinct_keys(cursor, table, [key[3] for key in keys])
        for _table, target, name, columns, referenced, _types in keys:
            source = DISTINCT if len(keys) > 1 else table
            cursor.execute(_check_sql(source, target, columns, referenced))
            missing = cursor.fetchone()
            if missing:
                _raise(table, target, name, columns, missing)
        if len(keys) > 1:
            cursor.execute(f"DROP TABLE {DISTINCT}")


DISTINCT = "import_foreign_keys"  # a table's distinct keys, for its checks


def _check_written(cursor, keys: list, written: dict[str, set]) -> None:
    """The keys of a table from the values the job wrote into it (a column it
    left null everywhere is absent or empty: nothing to check)."""
    for table, target, name, (column,), (referenced,), (kind,) in keys:
        values = [v for v in written.get(column.strip('"'), ()) if v is not None]
        if not values:
            continue
        cursor.execute(
            f"WITH k AS MATERIALIZED (SELECT DISTINCT v FROM unnest(%s::{kind}[]) v "
            f"WHERE v IS NOT NULL), "
            f"f AS MATERIALIZED (SELECT r.{referenced} AS v FROM {target} r "
            f"WHERE r.{referenced} IN (SELECT v FROM k) FOR KEY SHARE OF r) "
            f"SELECT v FROM k WHERE NOT EXISTS (SELECT FROM f WHERE f.v = k.v) "
            f"LIMIT 1",
            [values],
        )
        missing = cursor.fetchone()
        if missing:
            _raise(table, target, name, [column], missing)


def _distinct_keys(cursor, table: str, keys: list[list[str]]) -> None:
    """Every key's distinct values of `table` in one scan (one grouping set a
    key, hashed together), not one scan a key: a key's values are the rows
    where its columns are all set (another key's rows have them null)."""
    columns = sorted({column for key in keys for column in key})
    sets = ", ".join(f"({', '.join(key)})" for key in keys)
    cursor.execute(
        f"CREATE TEMP TABLE {DISTINCT} ON COMMIT DROP AS SELECT "
        f"{', '.join(columns)} FROM {table} GROUP BY GROUPING SETS ({sets})"
    )


def _raise(table: str, target: str, name: str, columns: list, missing) -> None:
    """The error the per-row check would have raised."""
    key = ", ".join(c.strip('"') for c in columns)
    values = ", ".join(str(v) for v in missing)
    raise ForeignKeyViolation(
        f'insert or update on table "{table}" violates foreign key '
        f'constraint "{name}"\nDETAIL:  Key ({key})=({values}) is not '
        f'present in table "{target}".'
    )


def _check_sql(table: str, target: str, columns: list, referenced: list) -> str:
    values = [f"v{i}" for i in range(len(columns))]
    distinct = ", ".join(f"t.{c} AS {v}" for c, v in zip(columns, values, strict=True))
    # MATCH SIMPLE (Django's): a key with a null column references nothing.
    present = " AND ".join(f"t.{c} IS NOT NULL" for c in columns)
    found = " AND ".join(
        f"r.{c} = k.{v}" for c, v in zip(referenced, values, strict=True)
    )
    kept = ", ".join(f"r.{c} AS {v}" for c, v in zip(referenced, values, strict=True))
    same = " AND ".join(f"f.{v} = k.{v}" for v in values)
    return (
        f"WITH k AS MATERIALIZED (SELECT DISTINCT {distinct} FROM {table} t "
        f"WHERE {present}), f AS MATERIALIZED (SELECT {kept} FROM {target} r "
        f"WHERE EXISTS (SELECT FROM k WHERE {found}) FOR KEY SHARE OF r) "
        f"SELECT {', '.join(values)} FROM k WHERE NOT EXISTS "
        f"(SELECT FROM f WHERE {same}) LIMIT 1"
    )
