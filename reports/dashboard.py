"""The staff dashboard's figures. Every number comes from the same selectors as the
API statistics and the reports, so the three agree."""

import re
from functools import cache

from django.conf import settings
from django.db.models import Count, Q

from accounts.scope import Scope
from cooperatives.models import District, Enterprise
from cooperatives.selectors import cooperative_stats
from programs.selectors import enrolment_list

YEARS_SHOWN = 5
SHADES = ["#e3f1f3", "#b5dadf", "#7fbfc7", "#3f97a3", "#0b5563"]


def _sum(rows: list[dict], key: str):
    return sum(row[key] for row in rows)


def _change(now, before) -> dict:
    return {"value": now, "before": before, "delta": now - before}


def registry_figures(*, scope: Scope, year: int) -> dict:
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    stats = {y: cooperative_stats(scope=scope, year=y) for y in years}
    this, last = stats[year], stats[year - 1]
    fiscal, fiscal_before = stats[year - 1], stats[year - 2]
    return {
        "years": years,
        "per_district_now": this,
        "key": {
            "total": _change(_sum(this, "total"), _sum(last, "total")),
            "active": _change(_sum(this, "active"), _sum(last, "active")),
            "rat_reported": _change(
                _sum(fiscal, "rat_reported"), _sum(fiscal_before, "rat_reported")
            ),
            "members": _change(_sum(fiscal, "members"), _sum(fiscal_before, "members")),
        },
        "active_by_year": [
            {
                "year": y,
                "active": _sum(stats[y], "active"),
                "total": _sum(stats[y], "total"),
            }
            for y in years
        ],
        "fiscal_year": year - 1,
    }


def enterprise_figures(*, scope: Scope) -> list[dict]:
    counts = dict(
        Enterprise.objects.restrict(scope)
        .values_list("scale")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {"scale": str(label), "count": counts.get(value, 0)}
        for value, label in Enterprise.Scale.choices
    ]


def program_figures(*, scope: Scope, years: list[int]) -> list[dict]:
    rows = (
        enrolment_list(scope=scope)
        .filter(program__year__in=years)
        .values("program__year")
        .annotate(
            participants=Count("pk", filter=~Q(status="cancelled")),
            completed=Count("pk", filter=Q(status="completed")),
        )
        .order_by()
    )
    by_year = {row["program__year"]: row for row in rows}
    return [
        {
            "year": y,
            "participants": by_year.get(y, {}).get("participants", 0),
            "completed": by_year.get(y, {}).get("completed", 0),
        }
        for y in years
    ]


def map_shading(rows: list[dict]) -> list[dict]:
    """Each district's share of active cooperatives and the shade it is drawn in."""
    shaded = []
    for row in rows:
        share = row["active"] / row["total"] if row["total"] else 0
        shade = SHADES[min(int(share * len(SHADES)), len(SHADES) - 1)]
        shaded.append({**row, "share": share, "shade": shade})
    return shaded


@cache
def _map_svg() -> str:
    return (settings.BASE_DIR / "static" / "img" / "kaltim-districts.svg").read_text()


def district_map(shaded: list[dict]) -> str:
    """The district SVG with each district filled by its shade (inline, no script)."""
    svg = _map_svg()
    for row in shaded:
        svg = re.sub(
            rf'(data-code="{re.escape(row["district"])}"[^>]*?)fill="#ccc"',
            rf'\1fill="{row["shade"]}"',
            svg,
        )
    return svg


def districts_in(scope: Scope):
    return (
        District.objects.all()
        if scope.everything
        else District.objects.filter(pk=scope.district_code)
    )
