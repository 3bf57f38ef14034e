"""The registry's whole-province figures, stored (core.figures) and read from the
store while current, else counted live by the same selectors.

- "registry": `cooperative_stats` of the province per year (tables: cooperatives,
  annual reports, districts). Only the province's scope reads it: a district's
  statistics pick their reports by the cooperative's district and group them by
  the report's own (the snapshot of verification), which the province's rows,
  grouped by the report's district alone, cannot give exactly.
- "enterprises": enterprises per district, scale and status (table: enterprises),
  for everything and for one district (`restrict` filters on `district`).
"""

import datetime

from django.db.models import Count

from accounts.scope import Scope
from core.figures import Family, figures_read

from ..models import Enterprise
from .registry import cooperative_stats

# The years a refresh always counts: the dashboard's five and the fiscal years
# before them.
REGISTRY_YEARS_BACK = 7


def _registry_keys(today: datetime.date) -> list[str]:
    return [
        f"stats:{year}"
        for year in range(today.year - REGISTRY_YEARS_BACK, today.year + 1)
    ]


def _registry_compute(key: str, today: datetime.date) -> list[dict]:
    return cooperative_stats(scope=Scope.province(), year=int(key.split(":")[1]))


REGISTRY = Family(name="registry", keys=_registry_keys, compute=_registry_compute)


def cooperative_stats_by_year(*, scope: Scope, years) -> dict[int, list[dict]]:
    """`cooperative_stats` of each year: the stored rows when current (the
    province's scope; one query for all years), else live."""
    stored = (
        figures_read("registry", [f"stats:{year}" for year in years])
        if scope.everything
        else {}
    )
    return {
        year: stored[f"stats:{year}"]
        if f"stats:{year}" in stored
        else cooperative_stats(scope=scope, year=year)
        for year in years
    }


ENTERPRISE_COUNTS = "counts"


def _enterprise_compute(key: str, today: datetime.date) -> list[list]:
    return [
        [district, scale, status, n]
        for district, scale, status, n in Enterprise.objects.values_list(
            "district", "scale", "status"
        )
        .annotate(n=Count("pk"))
        .order_by()
    ]


ENTERPRISES = Family(
    name="enterprises",
    keys=lambda today: [ENTERPRISE_COUNTS],
    compute=_enterprise_compute,
)


def _enterprise_rows(scope: Scope) -> list[list] | None:
    """The stored [district, scale, status, n] rows in scope, None when not current
    or the scope is not the province's or a district's."""
    if not (scope.everything or scope.district_code):
        return None
    rows = figures_read("enterprises", [ENTERPRISE_COUNTS]).get(ENTERPRISE_COUNTS)
    if rows is None or scope.everything:
        return rows
    return [row for row in rows if row[0] == scope.district_code]


def enterprise_count(*, scope: Scope) -> int | None:
    """The exact count of `enterprise_list(scope=scope)` (every status), from the
    stored figures; None when they are not current (count live)."""
    rows = _enterprise_rows(scope)
    return None if rows is None else sum(row[3] for row in rows)


def enterprise_verified_counts(*, scope: Scope, by: str) -> dict:
    """Verified enterprises in scope per `by` ("district" or "scale"): stored
    when current, else one grouped query."""
    rows = _enterprise_rows(scope)
    if rows is None:
        return dict(
            Enterprise.objects.restrict(scope)
            .verified()
            .values_list(by)
            .annotate(n=Count("pk"))
            .order_by()
        )
    column = 0 if by == "district" else 1
    counts: dict = {}
    for row in rows:
        if row[2] == Enterprise.Status.VERIFIED:
            counts[row[column]] = counts.get(row[column], 0) + row[3]
    return counts
