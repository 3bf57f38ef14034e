"""The RAT report in short steps, saved at every step, then checked and submitted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from cooperatives import services
from cooperatives.models import AnnualReport

from ..access import (
    apply_errors,
    cooperative_in_scope,
    officer_required,
    report_in_scope,
)
from ..forms import MONEY_FIELDS, REPORT_STEPS, ReportStartForm

STEP_KEYS = [key for key, _label, _form in REPORT_STEPS]


@officer_required
def report_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    reports = cooperative.annual_reports.order_by("-fiscal_year")
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
        existing = cooperative.annual_reports.filter(fiscal_year=year).first()
        try:
            report = existing or services.annual_report_create(
                data={"cooperative": cooperative, "fiscal_year": year}, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(_step_url(cooperative.pk, report.pk, STEP_KEYS[0]))
    else:
        messages.error(
            request, " ".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect("portal:reports", cooperative_id=cooperative.pk)


def _step_url(cooperative_id: int, report_id: int, step: str) -> str:
    return reverse("portal:report-step", args=[cooperative_id, report_id, step])


@officer_required
def report_step(request, cooperative_id: int, report_id: int, step: str):
    cooperative = cooperative_in_scope(request, cooperative_id)
    report = report_in_scope(request, cooperative, report_id)
    if step not in STEP_KEYS:
        raise Http404
    if not report.is_editable:
        return redirect("portal:report-detail", cooperative.pk, report.pk)
    index = STEP_KEYS.index(step)
    _key, label, form_class = REPORT_STEPS[index]
    form = form_class(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_update(
                report_id=report.pk, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if index + 1 < len(STEP_KEYS) and "_back_to_check" not in request.POST:
                return redirect(
                    _step_url(cooperative.pk, report.pk, STEP_KEYS[index + 1])
                )
            return redirect("portal:report-check", cooperative.pk, report.pk)
    return render(
        request,
        "portal/reports/step.html",
        {
            "cooperative": cooperative,
            "report": report,
            "form": form,
            "step_label": label,
            "step_number": index + 1,
            "step_count": len(STEP_KEYS),
            "previous_url": _step_url(cooperative.pk, report.pk, STEP_KEYS[index - 1])
            if index
            else reverse("portal:reports", args=[cooperative.pk]),
            "from_check": request.GET.get("dari") == "periksa",
        },
    )


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
    """Check your answers, then submit."""
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
    return render(
        request,
        "portal/reports/check.html",
        {
            "cooperative": cooperative,
            "report": report,
            "sections": _sections(report, cooperative.pk),
            "problems": problems,
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
            "first_step_url": _step_url(cooperative.pk, report.pk, STEP_KEYS[0]),
        },
    )
