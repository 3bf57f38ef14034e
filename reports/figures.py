"""The dashboard's loan figures of the province, stored (core.figures, family
"financing": loans, their applications, the delinquency bands) and read from the
store while current, else counted live. Figures of a day (days past due, this
year so far): stored with the day, current on that day only. Stored unlabelled
(months as dates, band names from their rows) and labelled on reading, in the
reader's language."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from accounts.scope import Scope
from core.figures import Family, figures_read
from financing.selectors import GROUPS, loan_list, par_report

MONTHS_SHOWN = 12
ZERO = Decimal(0)
DASHBOARD = "dashboard"
DISBURSED = "disbursed_by_district"


def first_of_month(day: datetime.date, months_back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _loan_counts(scope: Scope, today: datetime.date) -> dict:
    """Disbursed per month over the last twelve months (ISO dates), this year so
    far against the same days of last year, and PAR per delinquency band: four
    queries on the financing selectors behind the portfolio API."""
    loans = loan_list(scope=scope, today=today)
    start = first_of_month(today, MONTHS_SHOWN - 1)
    per_month = {
        row["month"]: row
        for row in loans.filter(disbursed_on__gte=start, disbursed_on__lte=today)
        .annotate(month=TruncMonth("disbursed_on"))
        .values("month")
        .annotate(loans=Count("pk"), disbursed=Sum("principal"))
        .order_by()
    }
    last_year = _a_year_before(today)
    totals = loans.aggregate(
        now=Sum(
            "principal",
            filter=Q(disbursed_on__gte=today.replace(month=1, day=1))
            & Q(disbursed_on__lte=today),
        ),
        before=Sum(
            "principal",
            filter=Q(disbursed_on__gte=last_year.replace(month=1, day=1))
            & Q(disbursed_on__lte=last_year),
        ),
    )
    months = []
    for back in range(MONTHS_SHOWN - 1, -1, -1):
        month = first_of_month(today, back)
        row = per_month.get(month, {})
        months.append(
            {
                "month": month.isoformat(),
                "loans": row.get("loans", 0),
                "disbursed": row.get("disbursed") or ZERO,
            }
        )
    par = par_report(scope=scope, today=today)
    return {
        "months": months,
        "now": totals["now"] or ZERO,
        "before": totals["before"] or ZERO,
        "outstanding": par["outstanding"],
        "bands": [
            {
                "label": str(band["label"]),
                "loans": band["loans"],
                "outstanding": band["outstanding"],
                "par": band["par"],
                "par_ratio": band["par_ratio"],
            }
            for band in par["bands"]
        ],
    }


def _disbursed_counts(scope: Scope, today: datetime.date) -> dict[str, dict]:
    """Loans and principal disbursed this year up to today per district code."""
    key = GROUPS["district"]
    return {
        row[key]: {"loans": row["loans"], "disbursed": row["disbursed"] or ZERO}
        for row in loan_list(scope=scope, today=today)
        .filter(
            disbursed_on__gte=today.replace(month=1, day=1), disbursed_on__lte=today
        )
        .values(key)
        .annotate(loans=Count("pk"), disbursed=Sum("principal"))
        .order_by()
    }


def _compute(key: str, today: datetime.date):
    counts = _loan_counts if key == DASHBOARD else _disbursed_counts
    return counts(Scope.province(), today)


FINANCING = Family(
    name="financing",
    keys=lambda today: [DASHBOARD, DISBURSED],
    compute=_compute,
    dated=True,
)


def loan_counts(*, scope: Scope, today: datetime.date) -> dict:
    """`_loan_counts`: stored for the province when current, else live."""
    if scope.everything:
        stored = figures_read("financing", [DASHBOARD], today=today)
        if DASHBOARD in stored:
            return stored[DASHBOARD]
    return _loan_counts(scope, today)


def disbursed_counts(*, scope: Scope, today: datetime.date) -> dict[str, dict]:
    """`_disbursed_counts`: stored for the province or one district (the loans'
    district is their application's, the one they are grouped by) when current,
    else live."""
    if scope.everything or scope.district_code:
        stored = figures_read("financing", [DISBURSED], today=today).get(DISBURSED)
        if stored is not None:
            return (
                stored
                if scope.everything
                else {k: v for k, v in stored.items() if k == scope.district_code}
            )
    return _disbursed_counts(scope, today)
