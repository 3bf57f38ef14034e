"""Precomputed figures, used only while they are provably current (issue 24).

A *family* is a group of figures read from the same tables ("registry":
cooperatives, annual reports, districts). Every table a family reads carries a
statement-level trigger (AFTER INSERT, UPDATE, DELETE or TRUNCATE) calling
`figures_touch(family)`, which takes the family's advisory lock SHARED for the rest
of the writer's transaction and sets `figure_family.dirty` (a missing row is dirty).

A refresh (`family_refresh`) runs in two transactions:

- T1 takes the same advisory lock EXCLUSIVE with a *try* (it never queues behind a
  long import, which would stall every writer queued behind it), sets dirty=false,
  generation+1, and commits. Holding the lock, no writer of the family is in flight.
- T2 computes the figures live, on the primary, then stores them only if the family
  row, locked, is still clean at that generation.

Why a stored set is exact: a writer holds the shared lock from its first statement
to its commit, so the writers whose data T2 may see committed before T1 and are in
every figure. Every writer after T1 sets dirty before it commits (or finds it set by
a committed writer); if one committed before T2's check, T2 stores nothing; one
still open at the check holds the family row, so the check waits for its outcome.
A reader reads the family row and the set in one statement (one snapshot): a writer
whose data that snapshot sees committed before it, so either before T1 (counted) or
with dirty=true (the set is not used); a reader's own uncommitted write makes its
own transaction see dirty=true. Figures of a day (days past due) also carry `as_of`.

Not seen by the triggers: sessions with `session_replication_role = replica` (the
first-load import's COPYs), which call `figures_touch` themselves
(cooperatives.services.imports.replica).

The cost of a write: one trigger call per write statement (a shared advisory lock,
and an UPDATE that finds nothing to do while the family is already dirty). The
first writer after a refresh holds the family row until it commits, so the other
writers of that family wait for that one transaction.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import FigureFamily, FigureSet

logger = logging.getLogger(__name__)

# One refresh a family is enqueued at most this often by the readers.
ENQUEUE_EVERY_SECONDS = 60
REFRESH_TASK = "core.tasks.figures_refresh_task"


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
            family_id=family,
            key__in=keys,
            family__dirty=False,
            generation=F("family__generation"),
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
    store them if no write came in meanwhile. False: a writer was in flight, or
    wrote during the computation; the next reader or the beat tries again."""
    spec = family_get(family)
    generation = _family_clean(family)
    if generation is None:
        return False
    today = timezone.localdate()
    wanted = {
        *spec.keys(today),
        *FigureSet.objects.filter(family_id=family).values_list("key", flat=True),
        *keys,
    }
    computed = {key: encode(spec.compute(key, today)) for key in sorted(wanted)}
    now = timezone.now()
    with transaction.atomic():
        clean = FigureFamily.objects.select_for_update().filter(
            family=family, dirty=False, generation=generation
        )
        if not clean.exists():
            return False
        FigureSet.objects.bulk_create(
            [
                FigureSet(
                    family_id=family,
                    key=key,
                    generation=generation,
                    data=data,
                    as_of=today if spec.dated else None,
                    computed_at=now,
                )
                for key, data in computed.items()
            ],
            update_conflicts=True,
            unique_fields=["family", "key"],
            update_fields=["generation", "data", "as_of", "computed_at"],
        )
    return True


def _family_clean(family: str) -> int | None:
    """T1: the family clean at a new generation, if no writer is in flight."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(hashtextextended('figures:' || %s, 0))",
            [family],
        )
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(
            "INSERT INTO figure_family (family, dirty, generation) "
            "VALUES (%s, false, 1) ON CONFLICT (family) DO UPDATE "
            "SET dirty = false, generation = figure_family.generation + 1 "
            "RETURNING generation",
            [family],
        )
        return cursor.fetchone()[0]


def families_refresh_dirty() -> list[str]:
    """Refresh every family that is dirty (or was never computed, or is of a
    past day); the names refreshed."""
    today = timezone.localdate()
    current = set(
        FigureFamily.objects.filter(dirty=False)
        .exclude(sets__as_of__lt=today)
        .values_list("family", flat=True)
    )
    return [
        name
        for name in settings.FIGURE_FAMILIES
        if name not in current and family_refresh(family=name)
    ]
