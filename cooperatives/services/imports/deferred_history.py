# ruff: noqa: S608 -- table and column names come from the models
"""The creation records a first load leaves for after its commit.

A first load (direct.py) writes no history record: django-simple-history's
'+' record of each created row (its values, the job's time, user and reason)
was two COPYs and some 40% of the database's time in the job. Instead the job
records, in its own transaction, one DeferredHistory row a table: its ids (one
contiguous range, drawn while it held the table), the transaction's time (the
rows' created_at), its user and reason, so a lost task or a crashed worker
cannot lose them. In the same transaction it attaches a trigger to the table
(`deferred_history_keep`, migration 0030; ENABLE ALWAYS, so the import's
replica mode fires it too): a row of a pending range about to be changed or
deleted gets its record first, from its values as imported, unless it has one.
So a record always holds what was imported, however soon the row is edited.

After the commit a task writes the records a chunk of ids at a time, each
chunk a transaction of its own: the table locked in SHARE mode (writers wait
for the chunk, readers do not; no edit can slip between the trigger's check
and the chunk's), every row of the chunk without its '+' record given one by
one INSERT … SELECT, and `next_id` moved past the chunk. A range done, its row
goes; a table with none left, its trigger goes too (if it can be had at once:
otherwise the next sweep drops it; meanwhile it finds nothing to do). A range
that fails keeps its row with the error, its failed attempts and when (the
admin's "Riwayat tertunda"); every later sweep tries again. One writer at a
time (an advisory lock). Whatever writes starting records or needs every
record (the next import, the demo seed) first completes what is pending
(`deferred_history_complete`), waiting for a writer already at work."""

import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from ...models import DeferredHistory, Enterprise, Person
from .deferred_indexes import queue_after_commit
from .history import history_columns

logger = logging.getLogger(__name__)

TASK = "cooperatives.tasks.deferred_history_write_task"
MODELS = {model._meta.db_table: model for model in (Enterprise, Person)}
LOCK = 0x4B554B4D18  # pg_advisory_lock key of the writer (the index build's + 1)
TRIGGER = "deferred_history"
CHUNK = 20_000


def deferred_history_record(cursor, ranges: dict[str, tuple[int, int]], *,
                            by: int | None, reason: str) -> None:  # fmt: skip
    """In the job's transaction, which holds `ranges`' tables: each table's
    (first, last) id recorded with the transaction's time, the job's user and
    reason, and the trigger keeping their records attached to it."""
    for table, (first, last) in ranges.items():
        cursor.execute(
            f'INSERT INTO {DeferredHistory._meta.db_table} ("table", first_id, '
            "last_id, next_id, history_date, history_user_id, reason, created) "
            "VALUES (%s, %s, %s, %s, now(), %s, %s, now())",
            [table, first, last, first, by, reason],
        )
        history = MODELS[table].history.model._meta.db_table
        cursor.execute(
            f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "
            f"{table} FOR EACH ROW EXECUTE FUNCTION deferred_history_keep('{history}')"
        )
        cursor.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {TRIGGER}")


def deferred_history_queue() -> None:
    queue_after_commit(TASK, "deferred history")


def deferred_history_write() -> int:
    """The records left for after the commit, if no other writer is at work:
    the number written."""
    return _run(wait=False)


def deferred_history_complete() -> None:
    """Every pending record written before going on (waiting for a writer at
    work); raises if one range cannot be (its error is on its row)."""
    if not DeferredHistory.objects.exists():
        return
    _run(wait=True)
    left = list(DeferredHistory.objects.values_list("table", "error"))
    if left:
        raise RuntimeError(f"history records not written: {left}")


def _run(*, wait: bool) -> int:
    written = 0
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
            if not cursor.fetchone()[0]:
                return written  # another writer is at work
        try:
            for pending in list(DeferredHistory.objects.all()):
                written += _write_range(pending)
            for table in MODELS:
                _drop_trigger(cursor, table)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    if written:
        logger.info("history records written after the commit: %s", written)
    return written


def _write_range(pending: DeferredHistory) -> int:
    """A range's records, a chunk a transaction; a failure is recorded."""
    model = MODELS[pending.table]
    history = model.history.model._meta.db_table
    columns = ", ".join(history_columns(model))
    insert = (
        f"INSERT INTO {history} ({columns}, history_date, history_change_reason, "
        f"history_type, history_user_id) SELECT {columns}, %(date)s, %(reason)s, "
        f"'+', %(by)s FROM {pending.table} s WHERE s.id BETWEEN %(lo)s AND %(hi)s "
        f"AND NOT EXISTS (SELECT FROM {history} h WHERE h.id = s.id "
        f"AND h.id BETWEEN %(lo)s AND %(hi)s AND h.history_type = '+')"
    )
    params = {"date": pending.history_date, "reason": pending.reason,
              "by": pending.history_user_id}  # fmt: skip
    written, lo = 0, pending.next_id
    try:
        while lo <= pending.last_id:
            hi = min(lo + CHUNK - 1, pending.last_id)
            with transaction.atomic(), connection.cursor() as cursor:
                # Writers wait for the chunk: none changes a row between the
                # trigger's look at next_id and this statement's.
                cursor.execute(f"LOCK TABLE {pending.table} IN SHARE MODE")
                # The history table's figures lag far behind it (filled by
                # these very chunks): without these, the planner takes it for
                # small and scans all of it for every chunk (or every row).
                # Each side is read by its range of ids, then hashed or merged.
                _planner(cursor, "off")
                cursor.execute(insert, {**params, "lo": lo, "hi": hi})
                written += cursor.rowcount
                _planner(cursor, "DEFAULT")
                rows = DeferredHistory.objects.filter(pk=pending.pk)
                if hi == pending.last_id:
                    rows.delete()
                else:
                    rows.update(next_id=hi + 1)
            lo = hi + 1
    except DatabaseError as error:
        logger.error("deferred history %s not written: %s", pending, error)
        DeferredHistory.objects.filter(pk=pending.pk).update(
            attempts=F("attempts") + 1,
            error=str(error).strip(),
            last_attempt=timezone.now(),
        )
    return written


def _planner(cursor, value: str) -> None:
    for setting in ("enable_nestloop", "enable_seqscan"):
        cursor.execute(f"SET LOCAL {setting} = {value}")


def _drop_trigger(cursor, table: str) -> None:
    """The trigger of a table with no range pending, if it can be had at once
    (else the next run drops it: it finds nothing meanwhile)."""
    cursor.execute(
        "SELECT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = %s::regclass "
        "AND tgname = %s)",
        [table, TRIGGER],
    )
    if not cursor.fetchone()[0]:
        return
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL lock_timeout = '500ms'")
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            # Under the lock: a first load recording a range has committed.
            if not DeferredHistory.objects.filter(table=table).exists():
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
            cursor.execute("SET LOCAL lock_timeout = DEFAULT")
    except DatabaseError as error:
        logger.info("trigger %s on %s left for later: %s", TRIGGER, table, error)
