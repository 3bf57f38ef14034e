"""Staff review and decision: assign a reviewer, keep the checklist and notes,
approve (possibly a lower amount, within the scheme's budget and the district's
quota) or reject with a reason. Reviewing and deciding are separate duties
(financing/duties.py): `by` must hold the one each service names."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from core.history import history_note
from core.numbers import format_rupiah

from .. import duties
from ..models import Application, SchemeBudget, SchemeDistrictQuota
from .applications import eligibility_error
from .eligibility import application_facts, failures
from .guards import (
    application_lock,
    expect_status,
    refuse_partner_scheme,
    whole_rupiah,
)
from .notices import applicant_notify

REVIEWABLE = (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW)
NOT_UNDER_REVIEW = _("Hanya permohonan yang sedang ditinjau dapat diputuskan.")


def _require_review(by) -> None:
    duties.require(
        by, duties.REVIEW, _("Anda tidak berwenang meninjau permohonan pembiayaan.")
    )


def _require_decide(by) -> None:
    duties.require(
        by,
        duties.DECIDE,
        _("Anda tidak berwenang menyetujui atau menolak permohonan pembiayaan."),
    )


@transaction.atomic
def application_assign_reviewer(*, application_id: int, reviewer, by) -> Application:
    """Start the review (SUBMITTED → UNDER_REVIEW) or hand it to another reviewer;
    both `by` and the reviewer hold the review duty."""
    _require_review(by)
    application = application_lock(application_id)
    expect_status(
        application,
        REVIEWABLE,
        _("Hanya permohonan yang diajukan atau sedang ditinjau dapat diberi peninjau."),
    )
    if reviewer is None or not reviewer.is_active or not reviewer.is_agency_staff:
        raise ValidationError({"reviewer": _("Peninjau harus staf dinas provinsi.")})
    if not duties.may(reviewer, duties.REVIEW):
        raise ValidationError(
            {"reviewer": _("Peninjau harus berwenang meninjau permohonan pembiayaan.")}
        )
    if application.status == Application.Status.SUBMITTED:
        application.status = Application.Status.UNDER_REVIEW
        application.review_started_at = timezone.now()
    application.reviewer = reviewer
    application.full_clean()
    history_note(application, reason="assign reviewer", by=by)
    application.save()
    return application


@transaction.atomic
def application_review_update(
    *, application_id: int, by, checklist: dict | None = None, notes: str | None = None
) -> Application:
    _require_review(by)
    application = application_lock(application_id)
    expect_status(
        application,
        (Application.Status.UNDER_REVIEW,),
        _("Daftar periksa dan catatan diisi selama permohonan ditinjau."),
    )
    if checklist is not None:
        application.checklist = checklist
    if notes is not None:
        application.notes = notes
    application.full_clean()
    history_note(application, reason="review", by=by)
    application.save()
    return application


def _within(*, ceiling: Decimal, committed, amount: Decimal, message: str, values):
    used = committed.aggregate(total=Sum("approved_amount"))["total"] or Decimal(0)
    if used + amount > ceiling:
        values = {
            **values,
            "used": format_rupiah(used),
            "ceiling": format_rupiah(ceiling),
            "left": format_rupiah(max(ceiling - used, Decimal(0))),
        }
        raise ValidationError({"amount": message % values}, code="budget")


def _check_budget(application: Application, amount: Decimal, year: int) -> None:
    """Lock the year's budget and the district's quota (always in this order, so
    two approvals cannot deadlock), then add up what is already committed."""
    budget = (
        SchemeBudget.objects.select_for_update()
        .filter(scheme_id=application.scheme_id, year=year)
        .first()
    )
    quota = (
        SchemeDistrictQuota.objects.select_for_update(of=("self",))
        .select_related("district")
        .filter(
            scheme_id=application.scheme_id,
            year=year,
            district=application.district_id,
        )
        .first()
    )
    committed = Application.objects.committed().filter(
        scheme_id=application.scheme_id, budget_year=year
    )
    values = {"scheme": application.scheme.name, "year": year}
    if budget is not None:
        _within(
            ceiling=budget.ceiling,
            committed=committed,
            amount=amount,
            message=_(
                "Pagu skema %(scheme)s tahun %(year)s tidak cukup: terpakai "
                "%(used)s dari %(ceiling)s, sisa %(left)s."
            ),
            values=values,
        )
    if quota is not None:
        _within(
            ceiling=quota.ceiling,
            committed=committed.filter(district=application.district_id),
            amount=amount,
            message=_(
                "Kuota %(district)s untuk skema %(scheme)s tahun %(year)s tidak "
                "cukup: terpakai %(used)s dari %(ceiling)s, sisa %(left)s."
            ),
            values={**values, "district": quota.district.name},
        )


@transaction.atomic
def application_approve(
    *, application_id: int, by, amount=None, reason: str = ""
) -> Application:
    """Approve the requested amount or less. The eligibility rules run again for
    the approved amount and their facts are kept with the decision."""
    _require_decide(by)
    application = application_lock(application_id)
    refuse_partner_scheme(application, _("menyetujuinya"))
    expect_status(application, (Application.Status.UNDER_REVIEW,), NOT_UNDER_REVIEW)
    amount = application.amount if amount is None else whole_rupiah("amount", amount)
    if amount > application.amount:
        raise ValidationError(
            {"amount": _("Nominal disetujui tidak boleh melebihi nominal permohonan.")}
        )
    today = timezone.localdate()
    facts = application_facts(
        application, today=today, amount=amount, scope=Scope.for_user(by)
    )
    failed = failures(facts)
    if failed:
        raise eligibility_error(failed)
    _check_budget(application, amount, today.year)
    application.status = Application.Status.APPROVED
    application.approved_amount = amount
    application.budget_year = today.year
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_reason = (reason or "").strip()
    application.eligibility = [fact.as_dict() for fact in facts]
    application.full_clean()
    history_note(application, reason="approve", by=by)
    application.save()
    applicant_notify(
        application,
        kind="financing_approved",
        title=lambda: (
            _("Permohonan %(number)s disetujui") % {"number": application.number}
        ),
        body=lambda: (
            _(
                "Permohonan pembiayaan %(number)s disetujui sebesar %(amount)s. "
                "Dinas akan menghubungi Anda untuk pencairan."
            )
            % {"number": application.number, "amount": format_rupiah(amount)}
        ),
    )
    return application


@transaction.atomic
def application_reject(*, application_id: int, by, reason: str) -> Application:
    _require_decide(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan.")})
    application = application_lock(application_id)
    expect_status(application, (Application.Status.UNDER_REVIEW,), NOT_UNDER_REVIEW)
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_reason = reason
    application.full_clean()
    history_note(application, reason="reject", by=by)
    application.save()
    applicant_notify(
        application,
        kind="financing_rejected",
        title=lambda: (
            _("Permohonan %(number)s ditolak") % {"number": application.number}
        ),
        body=lambda: (
            _("Permohonan pembiayaan %(number)s ditolak dengan alasan: %(reason)s")
            % {"number": application.number, "reason": reason}
        ),
    )
    return application
