"""Partner-decided schemes (KUR, bank products; `Scheme.decided_by` = partner):
the district or the agency recommends, the partner (the bank, the penyalur)
decides and disburses, and the agency records what the partner did.

    SUBMITTED / UNDER_REVIEW ──recommend (letter)──▶ RECOMMENDED
        ──forward──▶ FORWARDED ──partner approved (amount, reference, date)──▶ APPROVED
                              └─partner refused (reason, date)──────────────▶ REJECTED
    APPROVED ──disbursement from the partner's notice (loans.py)──▶ DISBURSED

Recommending and forwarding are one duty, recording the partner's decision
another, recording the disbursement a third (financing/duties.py). A district
user recommends only applications of their district: outside the caller's scope
an application does not exist. The agency's own approve and disburse steps
refuse these schemes (guards.refuse_partner_scheme)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import Scope
from core.history import history_note
from core.numbers import format_rupiah

from .. import duties
from ..models import (
    Application,
    Recommendation,
    RecommendationSequence,
    recommendation_number,
)
from .applications import eligibility_error
from .eligibility import application_facts, failures
from .guards import application_lock, check_date, expect_status, whole_rupiah
from .notices import applicant_notify

RECOMMENDABLE = (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW)


def _partner_application(application_id: int, by) -> Application:
    """The application locked, if the caller's scope holds it and its scheme is
    decided by the partner."""
    if not (by.is_agency_staff or by.role == "district"):
        raise PermissionDenied(
            _("Langkah penyalur dicatat oleh staf dinas provinsi atau kabupaten/kota.")
        )
    if (
        not Application.objects.restrict(Scope.for_user(by))
        .filter(pk=application_id)
        .exists()
    ):
        raise Application.DoesNotExist
    application = application_lock(application_id)
    if not application.scheme.is_partner_decided:
        raise ValidationError(
            _(
                "Skema %(scheme)s diputuskan dan dicairkan oleh dinas sendiri, "
                "bukan oleh penyalur."
            )
            % {"scheme": application.scheme.name},
            code="agency_scheme",
        )
    return application


def _next_letter_number(year: int) -> str:
    RecommendationSequence.objects.bulk_create(
        [RecommendationSequence(year=year)], ignore_conflicts=True
    )
    sequence = RecommendationSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return recommendation_number(year, sequence.last)


def _partner_step(
    application_id: int, by, *, duty: str, refusal, allowed, wrong_status
) -> Application:
    """What every partner step checks first: the caller's duty, the application
    in scope and of a partner scheme (locked), in a status the step expects."""
    duties.require(by, duty, refusal)
    application = _partner_application(application_id, by)
    expect_status(application, allowed, wrong_status)
    return application


def _step_save(
    application: Application, by, step: str, *, kind: str, title, body, **values
) -> Application:
    """Save the step (checked, in the history under `step`) and tell the
    applicant: `title` and `body` are filled with the application's `number`,
    the scheme's `partner` and `values`."""
    application.full_clean()
    history_note(application, reason=step, by=by)
    application.save()
    values = {
        "number": application.number,
        "partner": application.scheme.partner,
        **values,
    }
    applicant_notify(
        application,
        kind=kind,
        title=lambda: str(title) % values,
        body=lambda: str(body) % values,
    )
    return application


def _partner_decided(
    application: Application, by, *, status, decided_on, reference, reason
) -> None:
    application.status = status
    application.partner_reference = reference
    application.partner_decided_on = decided_on
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_reason = reason


@transaction.atomic
def application_recommend(
    *, application_id: int, by, issued_on: datetime.date | None = None, notes=""
) -> Recommendation:
    """Issue the rekomendasi letter (numbered per year): the eligibility rules run
    again, and the application waits to be forwarded to the partner."""
    application = _partner_step(
        application_id,
        by,
        duty=duties.RECOMMEND,
        refusal=_("Anda tidak berwenang merekomendasikan permohonan."),
        allowed=RECOMMENDABLE,
        wrong_status=_(
            "Hanya permohonan yang diajukan atau sedang ditinjau dapat direkomendasikan."
        ),
    )
    issued_on = issued_on or timezone.localdate()
    check_date("issued_on", issued_on)
    facts = application_facts(application, today=issued_on, scope=Scope.for_user(by))
    failed = failures(facts)
    if failed:
        raise eligibility_error(failed)
    recommendation = Recommendation(
        application=application,
        number=_next_letter_number(issued_on.year),
        issued_on=issued_on,
        issued_by=by,
        district_id=by.district_id if by.role == "district" else None,
        notes=(notes or "").strip(),
    )
    recommendation.full_clean()
    history_note(recommendation, reason="recommend", by=by)
    recommendation.save()
    application.status = Application.Status.RECOMMENDED
    application.eligibility = [fact.as_dict() for fact in facts]
    _step_save(
        application,
        by,
        "recommend",
        kind="financing_recommended",
        title=gettext_lazy("Permohonan %(number)s direkomendasikan"),
        body=gettext_lazy(
            "Dinas menerbitkan surat rekomendasi %(letter)s untuk permohonan "
            "%(number)s. Permohonan akan diteruskan ke %(partner)s yang memutuskan."
        ),
        letter=recommendation.number,
    )
    return recommendation


@transaction.atomic
def application_forward(*, application_id: int, by) -> Application:
    """RECOMMENDED → FORWARDED: the file and the letter went to the partner."""
    application = _partner_step(
        application_id,
        by,
        duty=duties.RECOMMEND,
        refusal=_("Anda tidak berwenang meneruskan permohonan ke penyalur."),
        allowed=(Application.Status.RECOMMENDED,),
        wrong_status=_(
            "Hanya permohonan yang sudah direkomendasikan dapat diteruskan."
        ),
    )
    application.status = Application.Status.FORWARDED
    application.forwarded_at = timezone.now()
    return _step_save(
        application,
        by,
        "forward",
        kind="financing_forwarded",
        title=gettext_lazy("Permohonan %(number)s diteruskan ke %(partner)s"),
        body=gettext_lazy(
            "Permohonan %(number)s dan surat rekomendasinya diteruskan ke "
            "%(partner)s. Penyalur akan menghubungi Anda untuk keputusan kredit."
        ),
    )


def _partner_decision(by, application_id: int, decided_on) -> Application:
    application = _partner_step(
        application_id,
        by,
        duty=duties.RECORD_PARTNER_DECISION,
        refusal=_("Anda tidak berwenang mencatat keputusan penyalur."),
        allowed=(Application.Status.FORWARDED,),
        wrong_status=_(
            "Keputusan penyalur dicatat untuk permohonan yang sudah diteruskan."
        ),
    )
    check_date(
        "decided_on",
        decided_on,
        not_before=timezone.localtime(application.forwarded_at).date(),
        label=_("tanggal diteruskan"),
    )
    return application


@transaction.atomic
def application_partner_approve(
    *,
    application_id: int,
    by,
    amount,
    reference: str,
    decided_on: datetime.date | None = None,
    reason: str = "",
) -> Application:
    """FORWARDED → APPROVED as the partner approved it: the amount (not more
    than requested), the partner's reference and the date of its decision."""
    decided_on = decided_on or timezone.localdate()
    application = _partner_decision(by, application_id, decided_on)
    amount = whole_rupiah("amount", amount)
    if amount > application.amount:
        raise ValidationError(
            {"amount": _("Nominal disetujui tidak boleh melebihi nominal permohonan.")}
        )
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(
            {"reference": _("Isi nomor referensi keputusan dari penyalur.")}
        )
    _partner_decided(
        application,
        by,
        status=Application.Status.APPROVED,
        decided_on=decided_on,
        reference=reference,
        reason=(reason or "").strip(),
    )
    application.approved_amount = amount
    application.budget_year = decided_on.year
    return _step_save(
        application,
        by,
        "partner approve",
        kind="financing_approved",
        title=gettext_lazy("Permohonan %(number)s disetujui %(partner)s"),
        body=gettext_lazy(
            "%(partner)s menyetujui permohonan %(number)s sebesar %(amount)s "
            "(referensi %(reference)s). Pencairan dilakukan oleh penyalur."
        ),
        amount=format_rupiah(amount),
        reference=reference,
    )


@transaction.atomic
def application_partner_reject(
    *,
    application_id: int,
    by,
    reason: str,
    decided_on: datetime.date | None = None,
    reference: str = "",
) -> Application:
    """FORWARDED → REJECTED as the partner refused it, with its reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan penyalur.")})
    decided_on = decided_on or timezone.localdate()
    application = _partner_decision(by, application_id, decided_on)
    _partner_decided(
        application,
        by,
        status=Application.Status.REJECTED,
        decided_on=decided_on,
        reference=(reference or "").strip(),
        reason=reason,
    )
    return _step_save(
        application,
        by,
        "partner reject",
        kind="financing_rejected",
        title=gettext_lazy("Permohonan %(number)s ditolak %(partner)s"),
        body=gettext_lazy(
            "%(partner)s menolak permohonan %(number)s dengan alasan: %(reason)s"
        ),
        reason=reason,
    )
