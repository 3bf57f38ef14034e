"""`seed_registry`: the demo registry written in batches, idempotently."""

import contextlib
import datetime
import gc
import random

from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    Enterprise,
    Person,
)

from .accounts import DEMO_ACCOUNTS, OFFICER, STAFF, _link_demo_officer, _user
from .cooperatives import (
    _demo_plan,
    _plan_cooperative,
    _report,
    _report_statuses,
    _roles,
)
from .enterprises import (
    _cooperatives_by_district,
    _enterprise,
    _join_cooperatives,
    _spread_entry_dates,
)
from .shape import BATCH_SIZE, DEMO_OFFICER_NIK, Region

# --- Writing ----------------------------------------------------------------------


def _insert(model, rows: list) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _upsert_by(model, key: str, rows: list) -> None:
    """Insert the new rows and give every row the id it has in the table: a row
    that exists keeps its values (only its key is "updated", to itself)."""
    model.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[key],
        update_fields=[key],
    )


def _chunks(plans: list, size: int = 500):
    """The cooperatives a few hundred at a time: their reports and officers are
    built and written a chunk at a time, so memory stays flat with their number."""
    for start in range(0, len(plans), size):
        yield plans[start : start + size]


def _analyze(*models) -> None:
    """Fresh planner statistics after a bulk load, for the queries that follow."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _refresh_last_rat(cooperative_ids: list[int]) -> None:
    """`last_rat_on` from the verified reports, in one statement for all of them
    (what services.cooperative_refresh_rat_status does for one)."""
    last_rat = (
        AnnualReport.objects.verified()
        .filter(cooperative=OuterRef("pk"))
        .values("cooperative")
        .annotate(last=Max("rat_held_on"))
        .values("last")
    )
    Cooperative.objects.filter(pk__in=cooperative_ids).update(
        last_rat_on=Subquery(last_rat)
    )


def _counts(today: datetime.date) -> dict[str, int]:
    active = Cooperative.objects.registered().active_in(today.year)
    return {
        "koperasi": Cooperative.objects.count(),
        "koperasi aktif": active.count(),
        "laporan RAT": AnnualReport.objects.count(),
        "UMKM": Enterprise.objects.count(),
        "orang": Person.objects.count(),
        "peran di koperasi": CooperativeRole.objects.count(),
    }


def _seed_cooperatives(rng, count: int, region: Region, today) -> list:
    plans = [_demo_plan(region)]
    plans += [_plan_cooperative(rng, i, region, today) for i in range(count)]
    _upsert_by(Cooperative, "nik", [plan.cooperative for plan in plans])
    return plans


def _seed_reports(rng, plans: list, years: int, staff: User, today) -> None:
    fiscal_years = list(range(today.year - years, today.year))
    ctx = {"today": today, "now": timezone.now(), "staff_id": staff.pk}
    for chunk in _chunks(plans):  # ten years of a province: tens of thousands
        reports = [
            _report(rng, plan, fy, status, ctx)
            for plan in chunk
            for fy, status in _report_statuses(rng, plan, fiscal_years, today).items()
        ]
        _insert(AnnualReport, reports)
    _analyze(AnnualReport)
    _refresh_last_rat([plan.cooperative.pk for plan in plans])


def _seed_roles(rng, plans: list, used: set[str], today) -> None:
    for chunk in _chunks(plans):
        roles = [role for plan in chunk for role in _roles(rng, plan, used, today)]
        _upsert_by(Person, "nik_hash", [role.person for role in roles])
        # bulk_create takes each person's and cooperative's id from the related object.
        _insert(CooperativeRole, roles)


def _seed_enterprises(rng, count: int, plans: list, used: set[str], region) -> None:
    """In chunks, so that memory stays flat however many are asked for."""
    by_district = _cooperatives_by_district(plans)
    since = timezone.now()
    for start in range(0, count, BATCH_SIZE):
        stop = min(count, start + BATCH_SIZE)
        firms = [_enterprise(rng, i, region, used) for i in range(start, stop)]
        _upsert_by(Person, "nik_hash", [firm.owner for firm in firms])
        members = _join_cooperatives(rng, firms, by_district)
        _insert(Enterprise, firms)
        _insert(CooperativeRole, members)
    _spread_entry_dates(since)


@contextlib.contextmanager
def _collector_paused():
    """Hundreds of thousands of short-lived model instances, none in a reference
    cycle: the cyclic garbage collector would only take a fifth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
@transaction.atomic
def seed_registry(
    *, cooperatives: int, enterprises: int, years: int, seed: int, password: str
) -> dict[str, int]:
    """Insert the demo registry and accounts; returns the row counts after."""
    today = timezone.localdate()
    region = Region.load()
    users = {account: _user(account, password) for account in DEMO_ACCOUNTS}
    rng = random.Random(f"{seed}:cooperatives")  # noqa: S311 (demo data)
    plans = _seed_cooperatives(rng, cooperatives, region, today)
    rng = random.Random(f"{seed}:reports")  # noqa: S311
    _seed_reports(rng, plans, years, users[STAFF], today)
    used_niks = {DEMO_OFFICER_NIK}
    rng = random.Random(f"{seed}:roles")  # noqa: S311
    _seed_roles(rng, plans, used_niks, today)
    rng = random.Random(f"{seed}:enterprises")  # noqa: S311
    _seed_enterprises(rng, enterprises, plans, used_niks, region)
    _link_demo_officer(users[OFFICER], plans[0].cooperative, today)
    _analyze(Cooperative, Enterprise, Person, CooperativeRole)
    return _counts(today)
