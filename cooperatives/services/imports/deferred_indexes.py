"""The secondary indexes a first load leaves for after its commit.

A first load (direct.py) drops every secondary index correctness does not need
(not unique, no primary key, no constraint: indexes.IndexDrop) and does not
build them again in its transaction: they were a third of its time, and until
they are back a read they serve is correct, only slower (a scan). Their
statements (`pg_get_indexdef`, captured at the drop) are written in the job's
own transaction as DeferredIndex rows, so a lost task or a crashed worker
cannot lose them. After the commit a task builds each one with `CREATE INDEX
CONCURRENTLY IF NOT EXISTS` (the table stays readable and writable) and deletes
its row once the index is valid; one left invalid by a build that died is
dropped and built again. A statement that fails (a column a later migration
dropped, a statement gone wrong) does not hold up the others: its error, its
failed attempts and when are kept on its row (the admin's "Indeks tertunda"),
the invalid index its build left dropped, and every later sweep tries again.
The job queues the task; the import sweep (every 15 minutes) runs the same,
should the broker have lost it, and also builds a declared trigram index found
missing without a row. One build at a time (an advisory lock): a second caller
finds the work taken and returns. The state of every index concerned is read in
one query, before the builds and again under the lock.

The same rows carry the first load's CHECK constraints (indexes.IndexDrop.
drop_checks): added again NOT VALID in the job, their `ALTER TABLE … VALIDATE
CONSTRAINT` run here, which checks the rows the job wrote while the table stays
readable and writable; a check that fails is recorded and tried again alike."""

import logging
from typing import NamedTuple

from celery import current_app
from django.contrib.postgres.indexes import GinIndex
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from ...models import DeferredIndex, Enterprise, Person
from .indexes import VALIDATE

logger = logging.getLogger(__name__)

TASK = "cooperatives.tasks.deferred_index_build_task"
MODELS = (Enterprise, Person)
LOCK = 0x4B554B4D17  # pg_advisory_lock key of this build ("KUKM", issue 17)
CREATE = "CREATE INDEX "
CONCURRENTLY = "CREATE INDEX CONCURRENTLY IF NOT EXISTS "


def search_indexes() -> list[tuple[type, GinIndex]]:
    return [
        (model, index)
        for model in MODELS
        for index in model._meta.indexes
        if isinstance(index, GinIndex)
    ]


def deferred_indexes_record(cursor, deferred: list[tuple[str, str, str]]) -> None:
    """The (name, table, statement) of each index left for after the commit,
    in the job's transaction (gone with a rollback, kept with the commit)."""
    if not deferred:
        return
    cursor.executemany(
        f"INSERT INTO {DeferredIndex._meta.db_table} "  # noqa: S608 -- the model's
        '(name, "table", statement, created) VALUES (%s, %s, %s, now()) '
        'ON CONFLICT (name) DO UPDATE SET "table" = EXCLUDED."table", '
        "statement = EXCLUDED.statement, error = '', attempts = 0, "
        "last_attempt = NULL",
        deferred,
    )


def deferred_indexes_queue() -> None:
    queue_after_commit(TASK, "deferred index build")


def queue_after_commit(task: str, what: str) -> None:
    """`task` queued after the commit; a broker outage is logged (the import
    sweep runs it)."""

    def publish():
        try:
            current_app.send_task(task)
        except Exception:  # kombu/redis connection errors
            logger.warning("%s not queued (broker down)", what)

    transaction.on_commit(publish)


class Pending(NamedTuple):
    name: str
    table: str
    statement: str  # CREATE INDEX …, as recorded


def _pending() -> tuple[list[Pending], dict[str, bool | None]]:
    """The indexes still to build (the recorded ones, then the declared trigram
    ones missing or invalid) and the state of each one concerned."""
    rows = [
        Pending(row.name, row.table, row.statement)
        for row in DeferredIndex.objects.order_by("created", "name")
    ]
    recorded = {row.name for row in rows}
    declared = [
        (model, index)
        for model, index in search_indexes()
        if index.name not in recorded
    ]
    state = _states([*recorded, *(index.name for _model, index in declared)])
    for model, index in declared:
        if not state[index.name]:
            with connection.schema_editor(atomic=False, collect_sql=False) as editor:
                sql = str(index.create_sql(model, editor))
            rows.append(Pending(index.name, model._meta.db_table, sql))
    return rows, state


def deferred_indexes_build() -> list[str]:
    """Build the indexes left for after the commit (or left invalid by a build
    that died): the names built. One that fails is recorded and skipped."""
    if not _pending()[0]:
        return []
    if connection.in_atomic_block:
        raise RuntimeError("CREATE INDEX CONCURRENTLY runs outside a transaction")
    built = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return built  # another build is running
        try:
            cursor.execute("SET maintenance_work_mem = '128MB'")
            pending, state = _pending()  # again: one may have been before us
            for index in pending:
                if not state[index.name] and _build(cursor, index, state[index.name]):
                    built.append(index.name)
            done = [name for name, ok in _states(list(state)).items() if ok]
            # every recorded index now valid, every constraint checked (by this
            # build, or before it)
            DeferredIndex.objects.filter(name__in=done).delete()
        finally:
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    logger.info("indexes built after the commit: %s", ", ".join(built))
    return built


def _build(cursor, index: Pending, valid: bool | None) -> bool:
    """Build one index (or check one constraint's rows); a failure is recorded
    on its row and logged."""
    try:
        if index.statement.startswith(VALIDATE):
            cursor.execute(index.statement)
            return True
        if valid is False:
            # Invalid (a build that died or failed; under the lock, no one else
            # is building it).
            cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{index.name}"')
        cursor.execute(_concurrently(index.statement))
    except (DatabaseError, ValueError) as error:
        _failed(cursor, index, error)
        return False
    return True


def _failed(cursor, index: Pending, error: Exception) -> None:
    logger.error("deferred index %s not built: %s", index.name, error)
    if (
        not index.statement.startswith(VALIDATE)
        and _states([index.name])[index.name] is False
    ):
        # A failed CREATE INDEX CONCURRENTLY leaves its index, invalid and still
        # written by every insert: dropped now (and before any retry anyway).
        try:
            cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{index.name}"')
        except DatabaseError:
            logger.exception("invalid index %s not dropped", index.name)
    failure = {"error": str(error).strip(), "last_attempt": timezone.now()}
    updated = DeferredIndex.objects.filter(name=index.name).update(
        attempts=F("attempts") + 1, **failure
    )
    if not updated:  # a declared index found missing: recorded from now on
        DeferredIndex.objects.create(
            name=index.name,
            table=index.table,
            statement=index.statement,
            attempts=1,
            **failure,
        )


def _concurrently(statement: str) -> str:
    if not statement.startswith(CREATE):
        raise ValueError(f"unexpected index statement: {statement}")
    return CONCURRENTLY + statement.removeprefix(CREATE)


def _states(names: list[str]) -> dict[str, bool | None]:
    """Of each index, in one query: True if built, False if left invalid by a
    build that died or failed, None if none. Of a constraint whose check was
    left for after the commit (recorded under its name): False until its rows
    are checked, then True (or once it is gone: nothing left to check)."""
    if not names:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.name, CASE WHEN d.statement LIKE %(validate)s "  # noqa: S608
            "THEN coalesce(c.convalidated, true) ELSE i.indisvalid END "
            "FROM unnest(%(names)s::text[]) AS n(name) "
            f"LEFT JOIN {DeferredIndex._meta.db_table} d ON d.name = n.name "
            "LEFT JOIN pg_constraint c ON c.conname = d.name "
            'AND c.conrelid = to_regclass(quote_ident(d."table")) '
            "LEFT JOIN pg_index i ON i.indexrelid = to_regclass(quote_ident(n.name))",
            {"names": list(names), "validate": VALIDATE + " %"},
        )
        return dict(cursor.fetchall())
