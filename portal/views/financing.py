"""Financing in the portal: the cooperative's applications (draft, documents,
submit with the eligibility check), its loans with their schedules, and the
focused staff review page. Every read goes through the financing selectors with
the caller's scope; every write is one financing service."""

import datetime

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import duties, selectors, services
from financing.conf import setting
from financing.eligibility import application_facts
from financing.forms import (
    ApplicationForm,
    ApproveForm,
    DisburseForm,
    DocumentForm,
    RejectForm,
    ReviewForm,
    WithdrawForm,
)
from financing.models import Application, ApplicationDocument, Installment, Loan
from financing.schedule_pdf import schedule_pdf
from financing.services.applications import WITHDRAWABLE

from ..access import apply_errors, cooperative_in_scope, officer_required, scope_of

APPLICATION_FIELDS = list(ApplicationForm.base_fields)


def _application_in_scope(request, cooperative, application_id: int) -> Application:
    try:
        application = selectors.application_get(
            scope=scope_of(request), application_id=application_id
        )
    except Application.DoesNotExist:
        raise Http404 from None
    if application.cooperative_id != cooperative.pk:
        raise Http404
    return application


def _loan_in_scope(request, cooperative, loan_id: int) -> Loan:
    try:
        return selectors.loan_detail_list(scope=scope_of(request)).get(
            pk=loan_id, application__cooperative=cooperative
        )
    except Loan.DoesNotExist:
        raise Http404 from None


def status_history(application: Application) -> list[dict]:
    """The moments the status changed, oldest first, from the audit history."""
    changes, previous = [], None
    records = application.history.order_by("history_date", "history_id")
    for record in records.select_related("history_user"):
        if record.status != previous:
            changes.append(
                {
                    "at": record.history_date,
                    "status": record.status,
                    "label": Application.Status(record.status).label,
                    "user": record.history_user,
                }
            )
            previous = record.status
    return changes


@officer_required
def financing_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    scope = scope_of(request)
    applications = selectors.application_list(scope=scope).filter(
        cooperative=cooperative
    )
    loans = selectors.loan_list(scope=scope).filter(
        application__cooperative=cooperative
    )
    return render(
        request,
        "portal/financing/list.html",
        {
            "cooperative": cooperative,
            "applications": applications,
            "loans": loans,
        },
    )


def _initial_from_query(request) -> dict:
    """Carry the simulator's choice (?skema=…&nominal=…&tenor=…) into the form."""
    initial = {"purpose": Application.Purpose.WORKING_CAPITAL}
    scheme = selectors.scheme_list(open_only=True).filter(
        code=request.GET.get("skema", "")
    )
    if request.GET.get("skema") and scheme.exists():
        initial["scheme"] = scheme.first()
    if request.GET.get("nominal", "").isdigit():
        initial["amount"] = request.GET["nominal"]
    if request.GET.get("tenor", "").isdigit():
        initial["tenor_months"] = request.GET["tenor"]
    return initial


@officer_required
def application_create(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    form = ApplicationForm(request.POST or None, initial=_initial_from_query(request))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                data={**form.cleaned_data, "cooperative": cooperative},
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Draf %(number)s disimpan. Unggah dokumen, lalu ajukan.")
                % {"number": application.number},
            )
            return redirect("portal:financing-detail", cooperative.pk, application.pk)
    return render(
        request,
        "portal/financing/form.html",
        {"cooperative": cooperative, "form": form},
    )


@officer_required
def application_edit(request, cooperative_id: int, application_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    application = _application_in_scope(request, cooperative, application_id)
    if not application.is_editable:
        return redirect("portal:financing-detail", cooperative.pk, application.pk)
    initial = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application_id=application.pk, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Perubahan permohonan disimpan."))
            return redirect("portal:financing-detail", cooperative.pk, application.pk)
    return render(
        request,
        "portal/financing/form.html",
        {"cooperative": cooperative, "form": form, "application": application},
    )


def _has_errors(*forms) -> bool:
    return any(form is not None and form.errors for form in forms)


def _render_detail(
    request, cooperative, application, *, form=None, problems=(), withdraw_form=None
):
    documents_open = application.status in (
        Application.Status.DRAFT,
        Application.Status.SUBMITTED,
        Application.Status.UNDER_REVIEW,
    )
    loan = (
        Loan.objects.restrict(scope_of(request)).filter(application=application).first()
        if application.status == Application.Status.DISBURSED
        else None
    )
    return render(
        request,
        "portal/financing/detail.html",
        {
            "cooperative": cooperative,
            "application": application,
            "documents": application.documents.all(),
            "form": form or (DocumentForm() if documents_open else None),
            "problems": list(problems),
            "history": status_history(application),
            "loan": loan,
            "review_days": setting("FINANCING_REVIEW_SLA_DAYS"),
            "withdraw_form": withdraw_form
            or (WithdrawForm() if application.status in WITHDRAWABLE else None),
        },
        status=400 if problems or _has_errors(form, withdraw_form) else 200,
    )


@officer_required
def application_detail(request, cooperative_id: int, application_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    application = _application_in_scope(request, cooperative, application_id)
    return _render_detail(request, cooperative, application)


@officer_required
@require_POST
def document_upload(request, cooperative_id: int, application_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    application = _application_in_scope(request, cooperative, application_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.application_document_add(
                application_id=application.pk,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Dokumen %(kind)s diunggah.") % {"kind": document.get_kind_display()},
            )
            return redirect("portal:financing-detail", cooperative.pk, application.pk)
    return _render_detail(request, cooperative, application, form=form)


@officer_required
@require_POST
def document_remove(
    request, cooperative_id: int, application_id: int, document_id: int
):
    cooperative = cooperative_in_scope(request, cooperative_id)
    document = _document_in_scope(request, cooperative, application_id, document_id)
    try:
        services.application_document_remove(document_id=document.pk, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dokumen dihapus."))
    return redirect("portal:financing-detail", cooperative.pk, application_id)


def _document_in_scope(
    request, cooperative, application_id: int, document_id: int
) -> ApplicationDocument:
    try:
        document = selectors.application_document_get(
            scope=scope_of(request), document_id=document_id
        )
    except ApplicationDocument.DoesNotExist:
        raise Http404 from None
    if (
        document.application_id != application_id
        or document.application.cooperative_id != cooperative.pk
    ):
        raise Http404
    return document


def _serve(document: ApplicationDocument) -> FileResponse:
    extension = ApplicationDocument.EXTENSIONS.get(document.content_type, "")
    name = f"{document.application.number}-{document.kind}-{document.pk}{extension}"
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=name,
    )


@officer_required
def document_download(
    request, cooperative_id: int, application_id: int, document_id: int
):
    """Documents are personal data: served only through the scope, never MEDIA_URL."""
    cooperative = cooperative_in_scope(request, cooperative_id)
    return _serve(_document_in_scope(request, cooperative, application_id, document_id))


@officer_required
@require_POST
def application_submit(request, cooperative_id: int, application_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    application = _application_in_scope(request, cooperative, application_id)
    try:
        services.application_submit(application_id=application.pk, by=request.user)
    except ValidationError as error:
        return _render_detail(
            request, cooperative, application, problems=error.messages
        )
    messages.success(
        request,
        _(
            "Permohonan %(number)s diajukan. Dinas akan meninjaunya dalam "
            "%(days)s hari; Anda mendapat notifikasi atas keputusannya."
        )
        % {"number": application.number, "days": setting("FINANCING_REVIEW_SLA_DAYS")},
    )
    return redirect("portal:financing-detail", cooperative.pk, application.pk)


@officer_required
@require_POST
def application_withdraw(request, cooperative_id: int, application_id: int):
    """The officer takes back a draft or an application not yet decided."""
    cooperative = cooperative_in_scope(request, cooperative_id)
    application = _application_in_scope(request, cooperative, application_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.application_withdraw(
                application_id=application.pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            return _render_detail(
                request, cooperative, application, problems=error.messages
            )
        messages.success(
            request,
            _("Permohonan %(number)s dibatalkan.") % {"number": application.number},
        )
        return redirect("portal:financing-detail", cooperative.pk, application.pk)
    return _render_detail(request, cooperative, application, withdraw_form=form)


def installment_rows(loan: Loan, today: datetime.date) -> list[dict]:
    """The schedule with what is paid and what each installment's state is."""
    rows = []
    for installment in loan.installments.all():
        if installment.paid_on:
            state, label = "paid", _("Lunas")
        elif installment.due_date < today:
            state, label = "overdue", _("Lewat jatuh tempo")
        elif installment.amount_paid:
            state, label = "partial", _("Dibayar sebagian")
        else:
            state, label = "upcoming", _("Belum jatuh tempo")
        rows.append({"row": installment, "state": state, "label": label})
    return rows


@officer_required
def loan_detail(request, cooperative_id: int, loan_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    loan = _loan_in_scope(request, cooperative, loan_id)
    today = timezone.localdate()
    rows = installment_rows(loan, today)
    return render(
        request,
        "portal/financing/loan.html",
        {
            "cooperative": cooperative,
            "loan": loan,
            "application": loan.application,
            "rows": rows,
            "arrears": selectors.loan_arrears(loan, today),
            "next_due": next((r["row"] for r in rows if r["state"] != "paid"), None),
            "paid_total": sum((r["row"].amount_paid for r in rows), 0),
            "payment_total": sum((r["row"].payment for r in rows), 0),
        },
    )


@officer_required
def loan_schedule_pdf(request, cooperative_id: int, loan_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    loan = _loan_in_scope(request, cooperative, loan_id)
    today = timezone.localdate()
    content = schedule_pdf(
        loan=loan,
        cooperative=cooperative,
        rows=installment_rows(loan, today),
        today=today,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"jadwal-angsuran-{loan.application.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Staff: the focused review page ---------------------------------------------

REVIEW_FORMS = {
    "review": ReviewForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "disburse": DisburseForm,
}


QUEUE_PAGE_SIZE = 50
QUEUE_STATUSES = {
    "diajukan": Application.Status.SUBMITTED,
    "ditinjau": Application.Status.UNDER_REVIEW,
}


@staff_member_required
def staff_queue(request):
    """Applications waiting for a decision, longest waiting first, each linking
    to its review page; the days waited are measured against the review SLA."""
    queue = selectors.review_queue(scope=scope_of(request))
    status = request.GET.get("status", "")
    if status in QUEUE_STATUSES:
        queue = queue.filter(status=QUEUE_STATUSES[status])
    if request.GET.get("saya") == "1":
        queue = queue.filter(reviewer=request.user)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("halaman"))
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
            "status": status if status in QUEUE_STATUSES else "",
            "mine": request.GET.get("saya") == "1",
            "sla_days": sla_days,
        },
    )


def _staff_application(request, application_id: int) -> Application:
    try:
        return selectors.application_get(
            scope=scope_of(request), application_id=application_id
        )
    except Application.DoesNotExist:
        raise Http404 from None


def _review_call(action: str, application: Application, form, user) -> str:
    """Call the decision service of `action`; the message to show on success."""
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


@staff_member_required
def staff_review(request, application_id: int):
    application = _staff_application(request, application_id)
    forms = {
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
    }
    failed = refused = None
    action = request.POST.get("action")
    if request.method == "POST" and (action in REVIEW_FORMS or action == "assign"):
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
            "history": status_history(application),
            "forms": forms,
            "form": failed,
            "failed_action": action if failed else None,
            "loan": Loan.objects.filter(application=application).first(),
            "Status": Application.Status,
            "may": {
                "review": duties.may(request.user, duties.REVIEW),
                "decide": duties.may(request.user, duties.DECIDE),
                "disburse": duties.may(request.user, duties.DISBURSE),
            },
        },
        status=403 if refused else 400 if failed else 200,
    )


@staff_member_required
def staff_document_download(request, application_id: int, document_id: int):
    try:
        document = selectors.application_document_get(
            scope=scope_of(request), document_id=document_id
        )
    except ApplicationDocument.DoesNotExist:
        raise Http404 from None
    if document.application_id != application_id:
        raise Http404
    return _serve(document)


def next_installment(request, cooperative):
    """The cooperative's next unpaid installment over all its loans (one query),
    with `is_overdue`; None when nothing is owed."""
    installment = (
        Installment.objects.restrict(scope_of(request))
        .unpaid()
        .filter(loan__application__cooperative=cooperative)
        .select_related("loan__application")
        .order_by("due_date", "loan_id", "number")
        .first()
    )
    if installment is not None:
        installment.is_overdue = installment.due_date < timezone.localdate()
    return installment
