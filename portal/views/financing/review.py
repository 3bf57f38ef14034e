"""Staff: the review queue and the focused review page, where each decision is
one financing service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from financing import duties, selectors, services
from financing.conf import setting
from financing.filtersets import ReviewQueueFilterSet
from financing.models import Application
from financing.services.eligibility import application_facts

from ...access import found, scope_of, staff_or_district_required
from ...forms.financing import ApproveForm, DisburseForm, RejectForm, ReviewForm
from ..base import apply_errors
from .partner import (
    PARTNER_ACTIONS,
    PARTNER_FORMS,
    partner_call,
    partner_forms,
    partner_may,
)

REVIEW_FORMS = {
    "review": ReviewForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "disburse": DisburseForm,
    **PARTNER_FORMS,
}
NO_FORM_ACTIONS = ("assign", "forward")
QUEUE_PAGE_SIZE = 50


@staff_or_district_required
def staff_queue(request):
    """Applications waiting for a decision, longest waiting first, each linking
    to its review page; the days waited are measured against the review SLA."""
    filters = ReviewQueueFilterSet(
        request.GET,
        queryset=selectors.review_queue(scope=scope_of(request)),
        request=request,
    )
    page = Paginator(filters.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("halaman"))
    chosen = filters.form.cleaned_data
    now = timezone.now()
    sla_days = setting("FINANCING_REVIEW_SLA_DAYS")
    rows = []
    for application in page:
        waited = (
            (now - application.submitted_at).days if application.submitted_at else 0
        )
        rows.append(
            {"application": application, "waited": waited, "late": waited > sla_days}
        )
    return render(
        request,
        "portal/financing/queue.html",
        {
            "page": page,
            "rows": rows,
            "status": chosen.get("status") or "",
            "mine": chosen.get("saya") == "1",
            "sla_days": sla_days,
        },
    )


def _review_call(action: str, application: Application, form, user) -> str:
    """Call the decision service of `action`; the message to show on success."""
    if action in PARTNER_ACTIONS:
        return partner_call(action, application, form, user)
    data = form.cleaned_data if form is not None else {}
    if action == "assign":
        services.application_assign_reviewer(
            application_id=application.pk, reviewer=user, by=user
        )
        return _("Anda sekarang peninjau permohonan ini.")
    if action == "review":
        services.application_review_update(
            application_id=application.pk,
            by=user,
            checklist=form.checklist(),
            notes=data["notes"],
        )
        return _("Daftar periksa dan catatan disimpan.")
    if action == "approve":
        services.application_approve(
            application_id=application.pk,
            by=user,
            amount=data["amount"],
            reason=data["reason"],
        )
        return _("Permohonan disetujui.")
    if action == "reject":
        services.application_reject(
            application_id=application.pk, by=user, reason=data["reason"]
        )
        return _("Permohonan ditolak.")
    services.loan_disburse(
        application_id=application.pk,
        by=user,
        disbursed_on=data["disbursed_on"],
        amount=data["amount"],
        reference=data["reference"],
    )
    return _("Pembiayaan dicairkan; jadwal angsuran dibuat.")


def _review_forms(application: Application) -> dict:
    return {
        "review": ReviewForm(
            prefix="review",
            checklist=application.checklist,
            initial={
                "checked": [k for k, v in application.checklist.items() if v],
                "notes": application.notes,
            },
        ),
        "approve": ApproveForm(prefix="approve"),
        "reject": RejectForm(prefix="reject"),
        "disburse": DisburseForm(
            prefix="disburse", initial={"disbursed_on": timezone.localdate()}
        ),
        **partner_forms(),
    }


@staff_or_district_required
def staff_review(request, application_id: int):
    scope = scope_of(request)
    application = found(
        selectors.application_get, scope=scope, application_id=application_id
    )
    forms = _review_forms(application)
    failed = refused = None
    action = request.POST.get("action")
    if request.method == "POST" and (
        action in REVIEW_FORMS or action in NO_FORM_ACTIONS
    ):
        form = None
        if action in REVIEW_FORMS:
            kwargs = {"checklist": application.checklist} if action == "review" else {}
            form = REVIEW_FORMS[action](request.POST, prefix=action, **kwargs)
            forms[action] = form
        if form is None or form.is_valid():
            try:
                done = _review_call(action, application, form, request.user)
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                else:
                    apply_errors(form, error)
            except PermissionDenied as error:  # a duty the user does not hold
                refused = str(error)
                messages.error(request, refused)
            else:
                messages.success(request, done)
                return redirect("portal:financing-review", application.pk)
        if form is not None and form.errors:
            failed = form
    facts = application.eligibility or [
        fact.as_dict()
        for fact in application_facts(
            application, today=timezone.localdate(), scope=scope_of(request)
        )
    ]
    return render(
        request,
        "portal/financing/review.html",
        {
            "application": application,
            "applicant": application.applicant,
            "facts": facts,
            "documents": application.documents.all(),
            "history": selectors.application_status_history(application=application),
            "forms": forms,
            "form": failed,
            "failed_action": action if failed else None,
            "loan": selectors.loan_for_application_get(
                scope=scope, application_id=application.pk
            ),
            "Status": Application.Status,
            "may": {
                "review": duties.may(request.user, duties.REVIEW),
                "decide": duties.may(request.user, duties.DECIDE),
                "disburse": duties.may(request.user, duties.DISBURSE),
                **partner_may(request.user),
            },
            "partner_scheme": application.scheme.is_partner_decided,
        },
        status=403 if refused else 400 if failed else 200,
    )
