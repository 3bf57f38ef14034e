"""The partner-decided steps on the staff review page (KUR, bank products):
recommend with a letter, forward, record the partner's decision and its
disbursement; and the letter as a PDF. Each step is one financing service."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from financing import duties, selectors, services
from financing.recommendation_pdf import recommendation_pdf

from ...access import found, scope_of, staff_or_district_required
from ...forms.financing_partner import (
    PartnerApproveForm,
    PartnerDisburseForm,
    PartnerRejectForm,
    RecommendForm,
)

PARTNER_FORMS = {
    "recommend": RecommendForm,
    "partner_approve": PartnerApproveForm,
    "partner_reject": PartnerRejectForm,
    "partner_disburse": PartnerDisburseForm,
}
PARTNER_ACTIONS = {*PARTNER_FORMS, "forward"}


def partner_forms() -> dict:
    today = timezone.localdate()
    return {
        "recommend": RecommendForm(prefix="recommend", initial={"issued_on": today}),
        "partner_approve": PartnerApproveForm(
            prefix="partner_approve", initial={"decided_on": today}
        ),
        "partner_reject": PartnerRejectForm(
            prefix="partner_reject", initial={"decided_on": today}
        ),
        "partner_disburse": PartnerDisburseForm(
            prefix="partner_disburse", initial={"disbursed_on": today}
        ),
    }


def partner_may(user) -> dict:
    return {
        "recommend": duties.may(user, duties.RECOMMEND),
        "partner_decision": duties.may(user, duties.RECORD_PARTNER_DECISION),
        "disburse": duties.may(user, duties.DISBURSE),
    }


def partner_call(action: str, application, form, user) -> str:
    """Call the service of a partner step; the message to show on success."""
    data = form.cleaned_data if form is not None else {}
    pk = application.pk
    if action == "recommend":
        letter = services.application_recommend(
            application_id=pk, by=user, issued_on=data["issued_on"], notes=data["notes"]
        )
        return _("Surat rekomendasi %(number)s diterbitkan.") % {
            "number": letter.number
        }
    if action == "forward":
        services.application_forward(application_id=pk, by=user)
        return _("Permohonan diteruskan ke penyalur.")
    if action == "partner_approve":
        services.application_partner_approve(
            application_id=pk,
            by=user,
            amount=data["amount"],
            reference=data["reference"],
            decided_on=data["decided_on"],
            reason=data["reason"],
        )
        return _("Persetujuan penyalur dicatat.")
    if action == "partner_reject":
        services.application_partner_reject(
            application_id=pk,
            by=user,
            reason=data["reason"],
            decided_on=data["decided_on"],
            reference=data["reference"],
        )
        return _("Penolakan penyalur dicatat.")
    services.loan_record_partner_disbursement(
        application_id=pk,
        by=user,
        disbursed_on=data["disbursed_on"],
        amount=data["amount"],
        reference=data["reference"],
    )
    return _("Pencairan oleh penyalur dicatat; jadwal angsuran dibuat.")


@staff_or_district_required
def recommendation_letter_pdf(request, application_id: int):
    """The rekomendasi letter of an application in the caller's scope."""
    recommendation = found(
        selectors.recommendation_get,
        scope=scope_of(request),
        application_id=application_id,
    )
    response = HttpResponse(
        recommendation_pdf(recommendation=recommendation),
        content_type="application/pdf",
    )
    filename = recommendation.number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="rekomendasi-{filename}.pdf"'
    return response
