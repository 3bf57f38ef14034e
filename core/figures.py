"""Precomputed figures, used only while they are provably current (issue 24).

A *family* is a group of figures read from the same tables ("registry":
cooperatives, annual reports, districts). Every table a family reads carries a
statement-level trigger (AFTER INSERT, UPDATE, DELETE or TRUNCATE) calling
`figures_touch(family)`, which takes the family's advisory lock SHARED for the rest
of the writer's transaction and calls `nextval` on the family's touch sequence
(`figures_touch_<family>`, CACHE 1). Neither waits for another writer: shared locks
do not conflict, and a sequence increment is not transactional (it is seen by
every session at once and never rolled back).

A refresh (`family_refresh`) runs in two transactions:

- T1 takes the same advisory lock EXCLUSIVE with a *try* (it never queues behind a
  long import, which would stall every writer queued behind it): holding it, no
  writer of the family is in flight. It reads the sequence as g0 with
  `setval(seq, nextval(seq))` and commits. The nextval makes the value a called
  one (a new sequence reads its start uncalled, and its first nextval returns that
  same number); the setval WAL-logs it exactly (nextval alone logs 32 values
  ahead, and a streaming standby would read a larger `last_value`).
- T2 computes the figures live, at a snapshot taken after T1's commit, and stores
  them with g0 (and g0 as the family's `clean_at`).

A reader reads the sets and the sequence's `last_value` in one statement and uses
a set only if its g0 equals that value (and, for figures of a day, `as_of` is
today). Why that is exact: every writer whose trigger ran before T1 committed
before T1 (T1 got the lock), so before T2's snapshot, and is in every figure. Every
other writer calls nextval after T1's, before it commits. A reader whose snapshot
sees such a writer's commit reads `last_value` after that nextval (a sequence is
read at the time, not at the snapshot), so a value above g0, and counts live; so
does a reader's own uncommitted write. A writer that aborts leaves the sequence
advanced: it only costs a refresh. A refresh's own nextval makes the sets stored
before it unused until it stores its own.

Not seen by the triggers: sessions with `session_replication_role = replica` (the
first-load import's COPYs), which call `figures_touch` themselves
(cooperatives.services.imports.replica).

The cost of a write: one trigger call per write statement (not per row): a shared
advisory lock and a nextval. No writer waits for another, whatever the order of
the families it writes.
"""

import datetime
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.module_loading import import_string

from .db_router import primary_reads
from .models import FigureFamily, FigureSet

logger = logging.getLogger(__name__)

# One refresh a family is enqueued at most this often by the readers.
ENQUEUE_EVERY_SECONDS = 60
REFRESH_TASK = "core.tasks.figures_refresh_task"
# A family's name, in its sequence's (figures_touch_<family>) and its triggers'.
FAMILY_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Family:
    """`keys(today)`: the figures a refresh always computes; `compute(key, today)`:
    one figure, live, as JSON-able values (Decimal allowed). `dated`: the figures
    are of a day (stored with as_of, current on that day only)."""

    name: str
    keys: Callable[[datetime.date], list[str]]
    compute: Callable[[str, datetime.date], Any]
    dated: bool = False


def family_get(name: str) -> Family:
    return import_string(settings.FIGURE_FAMILIES[name])


# --- Values in JSON, exactly --------------------------------------------------------


def encode(value):
    """JSON-able, Decimals kept exact as {"$decimal": "12.50"}."""
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("a figure's keys are text")
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a figure cannot hold {type(value).__name__}")


def decode(value):
    if isinstance(value, dict):
        if value.keys() == {"$decimal"}:
            return Decimal(value["$decimal"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


# --- Readers --------------------------------------------------------------------------


def touch_sequence(family: str) -> str:
    """The name of the family's touch sequence (advanced by every write)."""
    if not FAMILY_NAME.fullmatch(family):
        raise ValueError(f"not a family name: {family!r}")
    return f"figures_touch_{family}"


def touched_sql(family: str) -> str:
    """SQL: the current value of the family's touch sequence (a scalar subquery)."""
    return f"(SELECT last_value FROM {touch_sequence(family)})"  # noqa: S608 -- checked


def _touched(family: str) -> RawSQL:
    return RawSQL(touched_sql(family), [])  # noqa: S611 -- a checked name, no values


def figures_read(
    family: str, keys: Iterable[str], *, today: datetime.date | None = None
) -> dict[str, Any]:
    """The figures of `keys` that are current (of the day `today`, by default
    today, if the family's figures are of a day), in one query; for any other key
    the caller computes live, and a refresh is enqueued (after commit, at most once
    a minute)."""
    keys = list(keys)
    today = today or timezone.localdate()
    found = {
        key: decode(data)
        for key, data, as_of in FigureSet.objects.filter(
            family_id=family, key__in=keys, clean_at=_touched(family)
        ).values_list("key", "data", "as_of")
        if as_of is None or as_of == today
    }
    missing = [key for key in keys if key not in found]
    if missing:
        transaction.on_commit(lambda: _refresh_enqueue(family, missing))
    return found


def _refresh_enqueue(family: str, keys: list[str]) -> None:
    if cache.add(f"figures:refresh:{family}", 1, timeout=ENQUEUE_EVERY_SECONDS):
        # By name: core.tasks imports this module.
        current_app.send_task(REFRESH_TASK, args=[family, keys])


# --- Refresh --------------------------------------------------------------------------


def family_refresh(*, family: str, keys: Iterable[str] = ()) -> bool:
    """Compute the family's figures (its own keys, those stored, and `keys`) and
    store them, current until the family's next write. False: a writer was in
    flight (or a later refresh stored first); the next reader or the beat tries
    again."""
    spec = family_get(family)
    clean_at = _family_touched(family)
    if clean_at is None:
        return False
    today = timezone.localdate()
    wanted = {
        *spec.keys(today),
        *FigureSet.objects.filter(family_id=family).values_list("key", flat=True),
        *keys,
    }
    with primary_reads():  # a snapshot after T1's commit
        computed = {key: encode(spec.compute(key, today)) for key in sorted(wanted)}
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO figure_family (family, clean_at) VALUES (%s, %s) "
            "ON CONFLICT (family) DO UPDATE SET clean_at = EXCLUDED.clean_at "
            "WHERE figure_family.clean_at IS NULL "
            "OR figure_family.clean_at < EXCLUDED.clean_at RETURNING 1",
            [family, clean_at],
        )
        if cursor.fetchone() is None:
            return False
        FigureSet.objects.bulk_create(
            [
                FigureSet(
                    family_id=family,
                    key=key,
                    clean_at=clean_at,
                    data=data,
                    as_of=today if spec.dated else None,
                    computed_at=now,
                )
                for key, data in computed.items()
            ],
            update_conflicts=True,
            unique_fields=["family", "key"],
            update_fields=["clean_at", "data", "as_of", "computed_at"],
        )
    return True


def _family_touched(family: str) -> int | None:
    """T1: the family's touch sequence, read as a called value logged exactly, if
    no writer is in flight."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(hashtextextended('figures:' || %s, 0))",
            [family],
        )
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(
            "SELECT setval(%s::regclass, nextval(%s::regclass))",
            [touch_sequence(family)] * 2,
        )
        return cursor.fetchone()[0]


def families_current(*, today: datetime.date | None = None) -> dict[str, bool]:
    """Each family: whether its stored figures are current (computed since its last
    write, and of today if of a day)."""
    today = today or timezone.localdate()
    return {
        name: FigureFamily.objects.filter(family=name, clean_at=_touched(name))
        .exclude(sets__as_of__lt=today)
        .exists()
        for name in settings.FIGURE_FAMILIES
    }


def families_refresh_dirty() -> list[str]:
    """Refresh every family that is not current (written since its refresh, never
    computed, or of a past day); the names refreshed."""
    return [
        name
        for name, current in families_current().items()
        if not current and family_refresh(family=name)
    ]
