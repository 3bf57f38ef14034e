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
dropped and built again. The job queues the task; the import sweep (every 15
minutes) runs the same, should the broker have lost it, and also builds a
declared trigram index found missing without a row. One build at a time (an
advisory lock): a second caller finds the work taken and returns."""

import logging

from celery import current_app
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, transaction

from ...models import DeferredIndex, Enterprise, Person

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
        "statement = EXCLUDED.statement",
        deferred,
    )


def deferred_indexes_queue() -> None:
    """The build, queued after the commit; a broker outage is logged (the sweep
    builds them)."""

    def publish():
        try:
            current_app.send_task(TASK)
        except Exception:  # kombu/redis connection errors
            logger.warning("deferred index build not queued (broker down)")

    transaction.on_commit(publish)


def _pending() -> list[tuple[str, str]]:
    """(name, CONCURRENTLY statement) of each index still to build: the
    recorded ones, then the declared trigram ones missing or invalid."""
    pending = [
        (row.name, _concurrently(row.statement))
        for row in DeferredIndex.objects.order_by("created", "name")
    ]
    recorded = {name for name, _statement in pending}
    for model, index in search_indexes():
        if index.name not in recorded and not _valid(index.name):
            with connection.schema_editor(atomic=False, collect_sql=False) as editor:
                sql = str(index.create_sql(model, editor))
            pending.append((index.name, _concurrently(sql)))
    return pending


def deferred_indexes_build() -> list[str]:
    """Build the indexes left for after the commit (or left invalid by a build
    that died): the names built."""
    if not _pending():
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
            for name, statement in _pending():  # again: one may have been before us
                if not _valid(name):
                    # Invalid (a build that died; under the lock, no one else
                    # is building it).
                    cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
                    cursor.execute(statement)
                    built.append(name)
                if _valid(name):
                    DeferredIndex.objects.filter(name=name).delete()
        finally:
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    logger.info("indexes built after the commit: %s", ", ".join(built))
    return built


def _concurrently(statement: str) -> str:
    if not statement.startswith(CREATE):
        raise RuntimeError(f"unexpected index statement: {statement}")
    return CONCURRENTLY + statement.removeprefix(CREATE)


def _valid(name: str) -> bool | None:
    """True if built, False if left invalid by a build that died, None if none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
            [name],
        )
        found = cursor.fetchone()
    return found[0] if found else None
