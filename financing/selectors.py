"""Scoped, prefetched reads of financing and the portfolio figures, shared by the
API, the portal, the admin and the reports."""

import datetime
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone

from accounts.scope import Scope
from core.history import history_entries

from . import collectibility, late_fees
from .models import (
    Application,
    ApplicationDocument,
    DelinquencyBand,
    Installment,
    Loan,
    PortfolioSnapshot,
    Recommendation,
    Scheme,
)

ZERO = Decimal(0)


def scheme_list(*, scope: Scope | None = None, open_only: bool = False):
    """The public catalogue: every caller sees every scheme."""
    schemes = Scheme.objects.all()
    return schemes.open() if open_only else schemes


def scheme_choice_list(*, ids=None):
    """The open schemes by name: an applicant's choice of scheme (of `ids` only,
    when given: the schemes the applicant may use)."""
    schemes = scheme_list(open_only=True).prefetch_related("districts")
    if ids is not None:
        schemes = schemes.filter(pk__in=ids)
    return schemes.order_by("name")


def application_list(*, scope: Scope):
    return Application.objects.restrict(scope).select_related(
        "scheme", "cooperative", "enterprise", "district"
    )


def application_get(*, scope: Scope, application_id: int) -> Application:
    """One application in scope with its documents (DoesNotExist otherwise)."""
    return (
        application_list(scope=scope)
        .select_related("reviewer", "enterprise__cooperative")
        .prefetch_related("documents")
        .get(pk=application_id)
    )


REVIEW_QUEUE_STATUSES = [
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    # partner-decided schemes: to forward, and awaiting the partner's decision
    Application.Status.RECOMMENDED,
    Application.Status.FORWARDED,
]


def review_queue(*, scope: Scope):
    """Applications waiting for a decision (the agency's, or for partner schemes
    the forwarding and the partner's), longest waiting first."""
    return (
        application_list(scope=scope)
        .filter(status__in=REVIEW_QUEUE_STATUSES)
        .select_related("reviewer")
        .order_by("submitted_at", "pk")
    )


def application_document_get(*, scope: Scope, document_id: int) -> ApplicationDocument:
    """A document to serve, only when its application is in the caller's scope."""
    return (
        ApplicationDocument.objects.restrict(scope)
        .select_related("application")
        .get(pk=document_id)
    )


def loan_list(*, scope: Scope, today: datetime.date | None = None):
    """Loans with `days_past_due` and `status` annotated from the kept columns."""
    return (
        Loan.objects.restrict(scope)
        .with_arrears(today or timezone.localdate())
        .select_related("application__scheme")
    )


def loan_detail_list(*, scope: Scope, today: datetime.date | None = None):
    return loan_list(scope=scope, today=today).prefetch_related(
        Prefetch("installments", queryset=Installment.objects.order_by("number")),
        "write_offs",
    )


def loan_arrears(loan: Loan, today: datetime.date) -> Decimal:
    """What fell due before today and is unpaid (from prefetched installments)."""
    return sum(
        (
            row.amount_left
            for row in loan.installments.all()
            if row.paid_on is None and row.due_date < today
        ),
        ZERO,
    )


def _past_due(today: datetime.date, low: int, high: int | None = None) -> Q:
    condition = Q(
        closed_on__isnull=True,
        oldest_unpaid_due_on__lte=today - datetime.timedelta(days=low),
    )
    if high is not None:
        condition &= Q(oldest_unpaid_due_on__gte=today - datetime.timedelta(days=high))
    return condition


def par_report(*, scope: Scope, today: datetime.date | None = None) -> dict:
    """Portfolio at risk per delinquency band, in one query: per band the loans
    and their outstanding principal, and PAR (that band and every later one) as
    an amount and a share of the whole outstanding portfolio."""
    today = today or timezone.localdate()
    bands = list(DelinquencyBand.objects.all())
    aggregates = {
        "loans": Count("pk"),
        "outstanding": Sum("outstanding_principal"),
    }
    for band in bands:
        within = _past_due(today, band.min_days, band.max_days)
        aggregates[f"loans_{band.pk}"] = Count("pk", filter=within)
        aggregates[f"outstanding_{band.pk}"] = Sum(
            "outstanding_principal", filter=within
        )
        aggregates[f"par_{band.pk}"] = Sum(
            "outstanding_principal", filter=_past_due(today, band.min_days)
        )
    totals = Loan.objects.restrict(scope).open().aggregate(**aggregates)
    outstanding = totals["outstanding"] or ZERO
    rows = []
    for band in bands:
        par = totals[f"par_{band.pk}"] or ZERO
        rows.append(
            {
                "band": band.code,
                "label": band.label,
                "min_days": band.min_days,
                "max_days": band.max_days,
                "loans": totals[f"loans_{band.pk}"],
                "outstanding": totals[f"outstanding_{band.pk}"] or ZERO,
                "par": par,
                "par_ratio": (par / outstanding) if outstanding else ZERO,
            }
        )
    return {"loans": totals["loans"], "outstanding": outstanding, "bands": rows}


def collectibility_stats(*, scope: Scope, today: datetime.date | None = None):
    """Open loans per kolektibilitas grade (financing/collectibility.py), in one
    query: grade, label, loans and their outstanding principal. Written-off
    loans are closed, so off these books."""
    today = today or timezone.localdate()
    aggregates = {}
    for number, _label, low, high in collectibility.BANDS:
        within = (
            _past_due(today, low, high)
            if low
            else Q(closed_on__isnull=True)
            & (
                Q(oldest_unpaid_due_on__isnull=True)
                | Q(oldest_unpaid_due_on__gte=today)
            )
        )
        aggregates[f"loans_{number}"] = Count("pk", filter=within)
        aggregates[f"outstanding_{number}"] = Sum(
            "outstanding_principal", filter=within
        )
    totals = Loan.objects.restrict(scope).open().aggregate(**aggregates)
    return [
        {
            "grade": number,
            "label": str(label),
            "loans": totals[f"loans_{number}"],
            "outstanding": totals[f"outstanding_{number}"] or ZERO,
        }
        for number, label, _low, _high in collectibility.BANDS
    ]


def loan_late_fee(loan: Loan, today: datetime.date) -> Decimal:
    """The late fee owed today (from prefetched installments)."""
    unpaid = [row for row in loan.installments.all() if row.paid_on is None]
    return late_fees.loan_late_fee(loan, unpaid, today)


GROUPS = {"district": "application__district", "scheme": "application__scheme__code"}


def portfolio_stats(
    *,
    scope: Scope,
    group_by: str = "district",
    today: datetime.date | None = None,
    par_days: int = 30,
) -> list[dict]:
    """Per district (or scheme) in scope: loans, disbursed, outstanding, PAR
    `par_days` (outstanding of loans more than that many days past due) and the
    repayment rate (paid / due of the installments due so far). Two grouped
    queries, never a loop over loans."""
    today = today or timezone.localdate()
    key = GROUPS[group_by]
    loans = (
        Loan.objects.restrict(scope)
        .values(key)
        .annotate(
            loans=Count("pk"),
            open_loans=Count("pk", filter=Q(closed_on__isnull=True)),
            disbursed=Sum("principal"),
            outstanding=Sum("outstanding_principal"),
            par=Sum("outstanding_principal", filter=_past_due(today, par_days + 1)),
        )
        .order_by(key)
    )
    installment_key = f"loan__{key}"
    repaid = {
        row[installment_key]: row
        for row in Installment.objects.restrict(scope)
        .filter(due_date__lte=today)
        .values(installment_key)
        .annotate(
            due=Sum(F("principal") + F("interest")),
            paid=Sum(F("principal_paid") + F("interest_paid")),
        )
        .order_by()
    }
    rows = []
    for row in loans:
        due = repaid.get(row[key], {}).get("due") or ZERO
        paid = repaid.get(row[key], {}).get("paid") or ZERO
        rows.append(
            {
                "key": row[key],
                "loans": row["loans"],
                "open_loans": row["open_loans"],
                "disbursed": row["disbursed"] or ZERO,
                "outstanding": row["outstanding"] or ZERO,
                "par": row["par"] or ZERO,
                "repayment_rate": (paid / due) if due else None,
            }
        )
    return rows


def _month_start(day: datetime.date, months_back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def par_by_month(*, scope: Scope, months: int = 12, today: datetime.date | None = None):
    """The monthly portfolio snapshots of the last `months` months (this one
    included), oldest first, in one query: the province's rows for the province,
    the district's for a district; nothing for any other scope."""
    start = _month_start(today or timezone.localdate(), months - 1)
    snapshots = PortfolioSnapshot.objects.filter(month__gte=start).order_by("month")
    if scope.everything:
        return snapshots.filter(district__isnull=True)
    if scope.district_code:
        return snapshots.filter(district_id=scope.district_code)
    return snapshots.none()


# --- The officers' portal and the review page ---------------------------------------


def scheme_get(*, code: str, open_only: bool = False) -> Scheme | None:
    """The scheme with this code (None when there is none)."""
    return scheme_list(open_only=open_only).filter(code=code).first()


def _applicant(
    prefix: str, cooperative_id: int | None, enterprise_id: int | None
) -> dict:
    """The filter naming one applicant, a cooperative or an enterprise."""
    if (cooperative_id is None) == (enterprise_id is None):
        raise ValueError("name one applicant: a cooperative or an enterprise")
    if cooperative_id is not None:
        return {f"{prefix}cooperative_id": cooperative_id}
    return {f"{prefix}enterprise_id": enterprise_id}


def application_for_applicant_list(
    *, scope: Scope, cooperative_id: int | None = None, enterprise_id: int | None = None
):
    """One applicant's applications, the newest first."""
    return (
        application_list(scope=scope)
        .filter(**_applicant("", cooperative_id, enterprise_id))
        .order_by("-created_at", "-pk")
    )


def loan_for_applicant_list(
    *, scope: Scope, cooperative_id: int | None = None, enterprise_id: int | None = None
):
    return loan_list(scope=scope).filter(
        **_applicant("application__", cooperative_id, enterprise_id)
    )


def loan_get(
    *,
    scope: Scope,
    loan_id: int,
    cooperative_id: int | None = None,
    enterprise_id: int | None = None,
) -> Loan:
    """An applicant's loan with its installments (DoesNotExist otherwise)."""
    return loan_detail_list(scope=scope).get(
        pk=loan_id, **_applicant("application__", cooperative_id, enterprise_id)
    )


def loan_for_application_get(*, scope: Scope, application_id: int) -> Loan | None:
    """The loan an application was disbursed as (None before)."""
    return Loan.objects.restrict(scope).filter(application_id=application_id).first()


def recommendation_get(*, scope: Scope, application_id: int) -> Recommendation:
    """The rekomendasi letter of an application in scope, with what the letter
    prints (DoesNotExist otherwise)."""
    return Recommendation.objects.select_related(
        "application__scheme",
        "application__district",
        "application__cooperative",
        "application__enterprise",
        "district",
        "issued_by",
    ).get(application__in=application_list(scope=scope), application_id=application_id)


def application_status_history(*, application: Application) -> list[dict]:
    """The moments the status changed, oldest first, as people read them
    (core.history): `at` in WITA, `label`, who acted (`actor`), why (`reason`)
    and what else changed then (`lines`)."""
    records = application.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    changes, previous = [], None
    for entry in reversed(history_entries(records)):
        status = entry.record.status
        if status != previous:
            label = Application.Status(status).label
            changes.append(
                {
                    "at": entry.at,
                    "status": status,
                    "label": label,
                    "user": entry.record.history_user,
                    "actor": entry.actor,
                    # The tag names the status: a reason or a line saying it again
                    # would only repeat it.
                    "reason": "" if entry.reason == str(label) else entry.reason,
                    "lines": [line for line in entry.lines if line.new != str(label)],
                }
            )
            previous = status
    return changes


def installment_next_get(
    *,
    scope: Scope,
    today: datetime.date,
    cooperative_id: int | None = None,
    enterprise_id: int | None = None,
) -> Installment | None:
    """The applicant's next unpaid installment over all its loans (one query),
    with `is_overdue`; None when nothing is owed."""
    installment = (
        Installment.objects.restrict(scope)
        .unpaid()
        .filter(**_applicant("loan__application__", cooperative_id, enterprise_id))
        .select_related("loan__application")
        .order_by("due_date", "loan_id", "number")
        .first()
    )
    if installment is not None:
        installment.is_overdue = installment.due_date < today
    return installment
