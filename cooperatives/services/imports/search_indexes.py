"""The trigram (GIN) indexes of name search, built after a first load's commit.

A first load (direct.py) drops them with the other secondary indexes but does
not build them again in its transaction: they were a quarter of its time, and
until they are back a search by name is correct, only slower (a scan). After
the commit a task builds each one the models declare and the database lacks,
with `CREATE INDEX CONCURRENTLY` (the table stays readable and writable), from
the model's own definition (the one its migration created). The job queues the
task; the import sweep (every 15 minutes) runs the same check, should the
broker have lost it. One build at a time (an advisory lock): a second caller
finds the work taken and returns."""

import logging

from celery import current_app
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, transaction

from ...models import Enterprise, Person

logger = logging.getLogger(__name__)

TASK = "cooperatives.tasks.search_index_build_task"
MODELS = (Enterprise, Person)
LOCK = 0x4B554B4D17  # pg_advisory_lock key of this build ("KUKM", issue 17)


def search_indexes() -> list[tuple[type, GinIndex]]:
    return [
        (model, index)
        for model in MODELS
        for index in model._meta.indexes
        if isinstance(index, GinIndex)
    ]


def search_indexes_queue() -> None:
    """The build, queued after the commit; a broker outage is logged (the sweep
    builds them)."""

    def publish():
        try:
            current_app.send_task(TASK)
        except Exception:  # kombu/redis connection errors
            logger.warning("search index build not queued (broker down)")

    transaction.on_commit(publish)


def search_indexes_build() -> list[str]:
    """Build the declared search indexes the database lacks (or holds invalid,
    from a build that died): the names built."""
    missing = [(m, index) for m, index in search_indexes() if not _valid(index)]
    if not missing:
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
            for model, index in missing:
                if not _valid(index):  # another build may have been before us
                    _build(cursor, model, index)
                    built.append(index.name)
        finally:
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    logger.info("search indexes built: %s", ", ".join(built))
    return built


def _valid(index: GinIndex) -> bool | None:
    """True if built, False if left invalid by a build that died, None if none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
            [index.name],
        )
        found = cursor.fetchone()
    return found[0] if found else None


def _build(cursor, model, index: GinIndex) -> None:
    # Invalid (a build that died; under the lock, no one else is building it).
    cursor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{index.name}"')
    with connection.schema_editor(atomic=False, collect_sql=False) as editor:
        sql = str(index.create_sql(model, editor, concurrently=True))
    prefix = "CREATE INDEX CONCURRENTLY "
    if not sql.startswith(prefix):
        raise RuntimeError(f"unexpected index statement: {sql}")
    cursor.execute(prefix + "IF NOT EXISTS " + sql.removeprefix(prefix))
