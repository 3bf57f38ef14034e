"""The RAT report in short steps, saved at every step, then checked and submitted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives import selectors, services
from cooperatives.models import AnnualReport
from cooperatives.report_documents import (
    attachment_response,
    attachments_of,
    correction_rows,
)

from ..access import (
    cooperative_in_scope,
    officer_required,
    report_in_scope,
    scope_of,
)
from ..forms.reports import (
    MONEY_FIELDS,
    REPORT_STEPS,
    AttachmentForm,
    ReportStartForm,
)
from .base import CooperativeFormView

STEP_KEYS = [key for key, _label, _form in REPORT_STEPS]


@officer_required
def report_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    reports = selectors.annual_report_for_cooperative_list(
        scope=scope_of(request), cooperative_id=cooperative.pk
    )
    due_year = timezone.localdate().year - 1
    return render(
        request,
        "portal/reports/list.html",
        {
            "cooperative": cooperative,
            "reports": reports,
            "due_year": due_year,
            "due_missing": not any(r.fiscal_year == due_year for r in reports),
        },
    )


@officer_required
@require_POST
def report_start(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    form = ReportStartForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["fiscal_year"]
        try:
            existing = selectors.annual_report_get(
                scope=scope_of(request), cooperative_id=cooperative.pk, fiscal_year=year
            )
        except AnnualReport.DoesNotExist:
            existing = None
        try:
            report = existing or _start(request, cooperative, year)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(_step_url(cooperative.pk, report.pk, STEP_KEYS[0]))
    else:
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect("portal:reports", cooperative_id=cooperative.pk)


def _start(request, cooperative, year: int) -> AnnualReport:
    """A new draft pre-filled from last year's verified report and the registry,
    and a word on where its first figures came from."""
    report = services.annual_report_start(
        cooperative=cooperative, fiscal_year=year, by=request.user
    )
    source_year = report.prefilled_from
    if isinstance(source_year, int):
        messages.info(
            request,
            _(
                "Isian awal diambil dari laporan terverifikasi tahun buku %(year)s "
                "dan data anggota serta pengurus di portal. Periksa setiap angka."
            )
            % {"year": source_year},
        )
    elif source_year:
        messages.info(
            request,
            _(
                "Jumlah anggota dan pengurus diisi dari data di portal. "
                "Periksa setiap angka."
            ),
        )
    return report


def _step_url(cooperative_id: int, report_id: int, step: str) -> str:
    return reverse("portal:report-step", args=[cooperative_id, report_id, step])


class ReportStepView(CooperativeFormView):
    """One step of the report, saved as it is sent; then the next step, or the
    check page after the last one (or when the officer came from there)."""

    template_name = "portal/reports/step.html"

    def prepare(self):
        response = super().prepare()
        self.report = report_in_scope(
            self.request, self.cooperative, self.kwargs["report_id"]
        )
        step = self.kwargs["step"]
        if step not in STEP_KEYS:
            raise Http404
        if not self.report.is_editable:
            return redirect("portal:report-detail", self.cooperative.pk, self.report.pk)
        self.index = STEP_KEYS.index(step)
        _key, self.label, self.form_class = REPORT_STEPS[self.index]
        return response

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.report}

    def perform(self, form):
        return services.annual_report_update(
            report_id=self.report.pk, data=form.cleaned_data, by=self.request.user
        )

    def succeeded(self, result):
        if STEP_KEYS[self.index] == "modal" and result.balance_warning:
            messages.warning(self.request, result.balance_warning)
        return super().succeeded(result)

    def get_success_url(self, result):
        cooperative_id, report_id = self.cooperative.pk, self.report.pk
        if (
            self.index + 1 < len(STEP_KEYS)
            and "_back_to_check" not in self.request.POST
        ):
            return _step_url(cooperative_id, report_id, STEP_KEYS[self.index + 1])
        return reverse("portal:report-check", args=[cooperative_id, report_id])

    def get_context_data(self, **kwargs):
        cooperative_id, report_id, index = (
            self.cooperative.pk,
            self.report.pk,
            self.index,
        )
        return {
            **super().get_context_data(**kwargs),
            "report": self.report,
            "step_label": self.label,
            "step_number": index + 1,
            "step_count": len(STEP_KEYS),
            "previous_url": _step_url(cooperative_id, report_id, STEP_KEYS[index - 1])
            if index
            else reverse("portal:reports", args=[cooperative_id]),
            "from_check": self.request.GET.get("dari") == "periksa",
            "balance_warning": self.report.balance_warning
            if STEP_KEYS[index] == "modal"
            else "",
        }


def _sections(report: AnnualReport, cooperative_id: int) -> list[dict]:
    sections = []
    for key, label, form_class in REPORT_STEPS:
        rows = [
            {
                "label": capfirst(AnnualReport._meta.get_field(name).verbose_name),
                "name": name,
                "value": getattr(report, name),
                "is_money": name in MONEY_FIELDS,
            }
            for name in form_class._meta.fields
        ]
        url = _step_url(cooperative_id, report.pk, key) + "?dari=periksa"
        sections.append({"label": label, "rows": rows, "change_url": url})
    return sections


@officer_required
def report_check(request, cooperative_id: int, report_id: int):
    """Check your answers, attach the PDFs, then submit."""
    cooperative = cooperative_in_scope(request, cooperative_id)
    report = report_in_scope(request, cooperative, report_id)
    if not report.is_editable:
        return redirect("portal:report-detail", cooperative.pk, report.pk)
    problems = []
    if request.method == "POST":
        try:
            services.annual_report_submit(report_id=report.pk, by=request.user)
        except ValidationError as error:
            problems = error.messages
        else:
            return redirect("portal:report-submitted", cooperative.pk, report.pk)
    return render_check(request, cooperative, report, problems=problems)


def render_check(request, cooperative, report, *, form=None, problems=()):
    return render(
        request,
        "portal/reports/check.html",
        {
            "cooperative": cooperative,
            "report": report,
            "sections": _sections(report, cooperative.pk),
            "problems": problems,
            "attachments": attachments_of(report),
            "attachment_form": form or AttachmentForm(),
        },
    )


@officer_required
def report_submitted(request, cooperative_id: int, report_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    report = report_in_scope(request, cooperative, report_id)
    return render(
        request,
        "portal/reports/submitted.html",
        {"cooperative": cooperative, "report": report},
    )


@officer_required
def report_detail(request, cooperative_id: int, report_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    report = report_in_scope(request, cooperative, report_id)
    return render(
        request,
        "portal/reports/detail.html",
        {
            "cooperative": cooperative,
            "report": report,
            "sections": _sections(report, cooperative.pk),
            "attachments": attachments_of(report),
            "corrections": correction_rows(
                selectors.annual_report_correction_list(
                    scope=scope_of(request), report_id=report.pk
                )
            ),
            "first_step_url": _step_url(cooperative.pk, report.pk, STEP_KEYS[0]),
            "check_url": reverse(
                "portal:report-check", args=[cooperative.pk, report.pk]
            ),
        },
    )


class ReportAttachView(CooperativeFormView):
    http_method_names = ["post"]
    form_class = AttachmentForm

    def prepare(self):
        response = super().prepare()
        self.report = report_in_scope(
            self.request, self.cooperative, self.kwargs["report_id"]
        )
        return response

    def perform(self, form):
        return services.annual_report_attach(
            report_id=self.report.pk,
            files={
                kind: form.cleaned_data[kind]
                for kind in AnnualReport.ATTACHMENTS
                if form.cleaned_data.get(kind)
            },
            by=self.request.user,
        )

    def form_invalid(self, form):
        return render_check(self.request, self.cooperative, self.report, form=form)

    def get_success_message(self, report):
        return _("Lampiran diunggah.")

    def get_success_url(self, report):
        return reverse("portal:report-check", args=[self.cooperative.pk, report.pk])


@officer_required
def report_attachment(request, cooperative_id: int, report_id: int, kind: str):
    cooperative = cooperative_in_scope(request, cooperative_id)
    return attachment_response(report_in_scope(request, cooperative, report_id), kind)
