"""Annual (RAT) reports: one cooperative's, the queues waiting for verification,
the corrections staff made."""

from django.db.models import OuterRef, Subquery

from accounts.scope import Scope

from ..models import (
    AnnualReport,
    AnnualReportCorrection,
)
from .registry import annual_report_list


def annual_report_for_cooperative_list(*, scope: Scope, cooperative_id: int):
    """A cooperative's reports, latest fiscal year first."""
    return (
        AnnualReport.objects.restrict(scope)
        .filter(cooperative_id=cooperative_id)
        .order_by("-fiscal_year")
    )


def annual_report_latest_list(
    *, scope: Scope, cooperative_id: int, latest: int
) -> list[AnnualReport]:
    """A cooperative's `latest` reports, latest fiscal year first."""
    return list(
        annual_report_for_cooperative_list(scope=scope, cooperative_id=cooperative_id)[
            :latest
        ]
    )


def annual_report_get(
    *,
    scope: Scope,
    cooperative_id: int,
    report_id: int | None = None,
    fiscal_year: int | None = None,
) -> AnnualReport:
    """A cooperative's report by id or by fiscal year (DoesNotExist otherwise)."""
    lookup = {"pk": report_id} if report_id is not None else {}
    if fiscal_year is not None:
        lookup["fiscal_year"] = fiscal_year
    return AnnualReport.objects.restrict(scope).get(
        cooperative_id=cooperative_id, **lookup
    )


def annual_report_correction_list(*, scope: Scope, report_id: int):
    """A report's corrections, newest first, with who made them."""
    return (
        AnnualReportCorrection.objects.restrict(scope)
        .filter(report_id=report_id)
        .select_related("corrected_by")
        .order_by("-corrected_at", "-pk")
    )


def annual_report_verification_queue(*, scope: Scope):
    """Submitted reports waiting for verification, longest waiting first."""
    return (
        annual_report_list(scope=scope)
        .filter(status=AnnualReport.Status.SUBMITTED)
        .select_related("cooperative__district")
        .order_by("submitted_at", "pk")
    )


def annual_report_queue(*, scope: Scope):
    """Submitted reports to verify, oldest first, with last year's assets."""
    previous = AnnualReport.objects.filter(
        cooperative=OuterRef("cooperative"), fiscal_year=OuterRef("fiscal_year") - 1
    )
    return (
        annual_report_list(scope=scope)
        .filter(status=AnnualReport.Status.SUBMITTED)
        .select_related("cooperative")
        .annotate(previous_assets=Subquery(previous.values("assets")[:1]))
        .order_by("submitted_at", "pk")
    )


def annual_report_review_get(*, scope: Scope, report_id: int):
    """A report in scope (DoesNotExist otherwise) and the year before's, or None."""
    report = (
        annual_report_list(scope=scope).select_related("cooperative").get(pk=report_id)
    )
    previous = AnnualReport.objects.filter(
        cooperative_id=report.cooperative_id, fiscal_year=report.fiscal_year - 1
    ).first()
    return report, previous
