"""Demo data for KDMP monitoring (called by `manage.py seed_demo` after the
registry): in seven of ten villages that have a registered cooperative, the
oldest one is marked as the village's Koperasi Desa/Kelurahan Merah Putih; two
in five of those run one to four mandated units (and most an office), the rest
are formed only; the villages without a cooperative have none — so the coverage
page shows all three states.

Idempotent: the villages and units are drawn from the registry in a fixed
order with the seeded random generator, and a KDMP or a unit that exists is
left as it is (one per village, one per unit)."""

import datetime
import random

from django.db import transaction

from cooperatives.models import Cooperative, Kdmp, KdmpUnit

MARKED_SHARE = 0.7
RUNNING_SHARE = 0.4
INPRES_TARGET = datetime.date(2025, 7, 12)


def _oldest_per_village() -> dict[str, tuple[int, datetime.date | None]]:
    rows = (
        Cooperative.objects.registered()
        .filter(village__isnull=False)
        .order_by("village_id", "pk")
        .values_list("village_id", "pk", "legal_entity_date")
    )
    oldest: dict = {}
    for village, pk, legal_date in rows:
        oldest.setdefault(village, (pk, legal_date))
    return oldest


def _units(rng: random.Random, start: datetime.date, today: datetime.date) -> list:
    business = rng.sample(list(KdmpUnit.BUSINESS_UNITS), rng.randint(1, 4))
    chosen = [KdmpUnit.Unit.OFFICE, *business] if rng.random() < 0.8 else business
    span = max(0, (today - start).days)
    return [
        (unit, start + datetime.timedelta(days=rng.randint(0, span))) for unit in chosen
    ]


@transaction.atomic
def seed(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    """Insert the demo KDMP and their units; returns the row counts after."""
    oldest = _oldest_per_village()
    marked = [v for v in sorted(oldest) if rng.random() < MARKED_SHARE]
    Kdmp.objects.bulk_create(
        [Kdmp(cooperative_id=oldest[v][0], village_id=v) for v in marked],
        ignore_conflicts=True,
    )
    ids = dict(
        Kdmp.objects.filter(village_id__in=marked).values_list("village_id", "pk")
    )
    units = []
    for village in marked:
        running = rng.random() < RUNNING_SHARE
        start = max(oldest[village][1] or INPRES_TARGET, INPRES_TARGET)
        if running and village in ids and start <= today:
            units += [
                KdmpUnit(kdmp_id=ids[village], unit=unit, operating_since=since)
                for unit, since in _units(rng, start, today)
            ]
    KdmpUnit.objects.bulk_create(units, ignore_conflicts=True)
    return {"KDMP": Kdmp.objects.count(), "unit KDMP": KdmpUnit.objects.count()}
