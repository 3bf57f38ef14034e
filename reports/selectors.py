"""Reads of the reports app: report runs in scope, and the aggregates the reports
and the staff dashboard count with. Every dashboard number comes from the same
selectors as the API statistics and the reports, so the three agree."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.formats import date_format

from accounts.scope import Scope
from cooperatives.models import Cooperative, District, Enterprise, SubDistrict
from cooperatives.selectors import cooperative_stats_by_year, enterprise_verified_counts
from financing.selectors import par_by_month, portfolio_stats
from programs.models import Enrolment
from programs.selectors import enrolment_list

from .figures import MONTHS_SHOWN, disbursed_counts, loan_counts
from .models import ReportRun

YEARS_SHOWN = 5
ZERO = Decimal(0)


def report_run_list(*, scope: Scope):
    """Runs in scope: a district's own runs; province-wide runs (no district) only
    for staff, since `restrict` filters on the district."""
    return ReportRun.objects.restrict(scope).select_related("district", "requested_by")


def enrolment_outcome_stats(*, scope: Scope, group_by: str, **filters) -> list[dict]:
    """Participants, completions and certificates of the enrolments in scope,
    grouped by `group_by` (e.g. "program", "program__year"), in one query.

    A participant holds a seat (confirmed, completed or no-show); the waitlisted
    and the cancelled are not counted. The dashboard and the program outcomes
    report both count through here, on the programs app's `enrolment_list`."""
    return list(
        enrolment_list(scope=scope)
        .filter(**filters)
        .values(group_by)
        .annotate(
            participants=Count("pk", filter=Q(status__in=Enrolment.SEATED)),
            completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
            certificates=Count("pk", filter=Q(certificate_code__isnull=False)),
        )
        .order_by(group_by)
    )


def completion_rate(completed: int, participants: int) -> float | None:
    return round(completed / participants, 4) if participants else None


# --- The staff dashboard's figures -----------------------------------------------


def _sum(rows: list[dict], key: str):
    return sum(row[key] for row in rows)


def _change(now, before) -> dict:
    return {"value": now, "before": before, "delta": now - before}


def registry_figures(*, scope: Scope, year: int, fiscal_year: int) -> dict:
    """Registered and active cooperatives of `year` and the four years before;
    RAT held and members from the verified reports of `fiscal_year` (the last one
    whose reports are due, `cooperatives.rules.rat_fiscal_year_due`) against the
    fiscal year before it."""
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    needed = {*years, year - 1, fiscal_year, fiscal_year - 1}
    stats = cooperative_stats_by_year(scope=scope, years=sorted(needed))
    this, last = stats[year], stats[year - 1]
    fiscal, fiscal_before = stats[fiscal_year], stats[fiscal_year - 1]
    return {
        "years": years,
        "per_district_now": this,
        "per_district_fiscal": fiscal,
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
        "fiscal_year": fiscal_year,
    }


def enterprise_figures(*, scope: Scope) -> list[dict]:
    counts = enterprise_verified_counts(scope=scope, by="scale")
    return [
        {"scale": str(label), "count": counts.get(value, 0)}
        for value, label in Enterprise.Scale.choices
    ]


def program_figures(*, scope: Scope, years: list[int]) -> list[dict]:
    """Participants (seated) and completions per program year, counted like the
    program outcomes report."""
    by_year = {
        row["program__year"]: row
        for row in enrolment_outcome_stats(
            scope=scope, group_by="program__year", program__year__in=years
        )
    }
    return [
        {
            "year": y,
            "participants": by_year.get(y, {}).get("participants", 0),
            "completed": by_year.get(y, {}).get("completed", 0),
        }
        for y in years
    ]


def districts_in(scope: Scope):
    return (
        District.objects.all()
        if scope.everything
        else District.objects.filter(pk=scope.district_code)
    )


def district_in(scope: Scope, code: str) -> District | None:
    return districts_in(scope).filter(pk=code).first()


def financing_figures(*, scope: Scope, today: datetime.date) -> dict:
    """Disbursed per month over the last twelve months, disbursed this year so far
    against the same days of last year, and the current PAR per delinquency band
    (reports.figures.loan_counts), labelled in the reader's language."""
    counts = loan_counts(scope=scope, today=today)
    return {
        "months": [
            {
                **row,
                "month": date_format(datetime.date.fromisoformat(row["month"]), "M Y"),
            }
            for row in counts["months"]
        ],
        "disbursed": _change(counts["now"], counts["before"]),
        "outstanding": counts["outstanding"],
        "bands": [
            {
                "label": band["label"],
                "loans": band["loans"],
                "outstanding": band["outstanding"],
                "par": band["par"],
                "par_percent": round(band["par_ratio"] * 100, 1),
            }
            for band in counts["bands"]
        ],
    }


def par_month_figures(*, scope: Scope, today: datetime.date) -> list[dict]:
    """PAR 30 at the start of each of the last twelve months, from the monthly
    portfolio snapshots (loans keep only today's outstanding): one query."""
    return [
        {
            "month": date_format(row.month, "M Y"),
            "loans": row.loans,
            "outstanding": row.outstanding,
            "par30": row.par30,
            "par30_percent": (
                round(row.par30 / row.outstanding * 100, 1) if row.outstanding else ZERO
            ),
        }
        for row in par_by_month(scope=scope, months=MONTHS_SHOWN, today=today)
    ]


# --- The dashboard's maps ---------------------------------------------------------


def enterprises_by_district(*, scope: Scope) -> dict[str, int]:
    """Verified SMEs per district code, counted like `enterprise_figures`: one query."""
    return enterprise_verified_counts(scope=scope, by="district")


def disbursed_by_district(*, scope: Scope, today: datetime.date) -> dict[str, dict]:
    """Loans and principal disbursed this year up to today per district code: the
    dashboard's "Pembiayaan tersalurkan" split by district (reports.figures)."""
    return disbursed_counts(scope=scope, today=today)


def par30_by_district(*, scope: Scope, today: datetime.date) -> dict[str, dict]:
    """Outstanding principal and PAR 30 per district code, from the selector behind
    the financing portfolio report and API (two queries)."""
    return {
        row["key"]: row
        for row in portfolio_stats(
            scope=scope, group_by="district", today=today, par_days=30
        )
    }


def subdistrict_figures(*, scope: Scope, district: str, year: int) -> list[dict]:
    """Per kecamatan of `district`: the cooperatives registered by the end of `year`
    (as the dashboard's "Terdaftar") and the verified SMEs; a last row with code None
    counts those whose kecamatan is not recorded (if any). Three queries."""
    cooperatives = dict(
        Cooperative.objects.restrict(scope)
        .filter(district=district)
        .registered_by_end_of(year)
        .values_list("sub_district")
        .annotate(n=Count("pk"))
        .order_by()
    )
    enterprises = dict(
        Enterprise.objects.restrict(scope)
        .verified()
        .filter(district=district)
        .values_list("sub_district")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        {
            "code": sub.code,
            "name": sub.name,
            "cooperatives": cooperatives.get(sub.code, 0),
            "enterprises": enterprises.get(sub.code, 0),
        }
        for sub in SubDistrict.objects.filter(district=district).order_by("code")
    ]
    if cooperatives.get(None) or enterprises.get(None):
        rows.append(
            {
                "code": None,
                "name": None,
                "cooperatives": cooperatives.get(None, 0),
                "enterprises": enterprises.get(None, 0),
            }
        )
    return rows
