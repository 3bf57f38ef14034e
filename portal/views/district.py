"""The district workspace: a district office's home, its queue of submitted RAT
reports to verify or return (this year's figures beside last year's), and the
links to its programs, dashboard and inbox. Every lookup goes through the
user's scope, so another district's report answers 404; the cooperatives
services verify and return, as they do for staff in the admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives import selectors, services
from cooperatives.filtersets import AnnualReportFilterSet
from cooperatives.models import AnnualReport
from notifications.selectors import notification_unread_summary

from ..access import found
from ..forms.district import ReportReturnForm, ReportVerifyForm
from .base import DistrictFormView, DistrictView, apply_errors

PAGE_SIZE = 20
FIGURES = (
    ("members_total", gettext_lazy("Anggota"), False),
    ("officers", gettext_lazy("Pengurus"), False),
    ("supervisors", gettext_lazy("Pengawas"), False),
    ("employees", gettext_lazy("Karyawan"), False),
    ("own_capital", gettext_lazy("Modal sendiri"), True),
    ("external_capital", gettext_lazy("Modal luar"), True),
    ("assets", gettext_lazy("Aset"), True),
    ("business_volume", gettext_lazy("Volume usaha"), True),
    ("surplus", gettext_lazy("SHU"), True),
)


def figure_rows(report, previous) -> list[dict]:
    """Each figure of the report beside last year's, with the change."""
    rows = []
    for name, label, money in FIGURES:
        now = getattr(report, name)
        before = getattr(previous, name) if previous is not None else None
        change = None if before is None else now - before
        rows.append(
            {
                "label": label,
                "now": now,
                "before": before,
                "change": change,
                "money": money,
            }
        )
    return rows


TASKS_PATH = "/portal/tugas/"


def tasks_link() -> str:
    """The "Tugas saya" page, once it exists (built elsewhere); else nothing."""
    try:
        resolve(TASKS_PATH)
    except Resolver404:
        return ""
    return TASKS_PATH


class DistrictHomeView(DistrictView):
    def get(self, request):
        waiting = Paginator(selectors.annual_report_queue(scope=self.scope), 3)
        oldest = waiting.get_page(1)
        notifications, unread = notification_unread_summary(user=request.user)
        return render(
            request,
            "portal/district/home.html",
            {
                "waiting_count": waiting.count,
                "oldest": oldest,
                "notifications": notifications,
                "unread_count": unread,
                "tasks_link": tasks_link(),
            },
        )


class ReportQueueView(DistrictView):
    def get(self, request):
        filters = AnnualReportFilterSet(
            request.GET, queryset=selectors.annual_report_queue(scope=self.scope)
        )
        page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
        return render(request, "portal/district/reports.html", {"page": page})


class ReportReviewView(DistrictFormView):
    """A report with last year's figures; POST returns it with a reason. The
    verify button posts to ReportVerifyView."""

    form_class = ReportReturnForm
    template_name = "portal/district/report.html"

    def prepare(self):
        response = super().prepare()
        self.report, self.previous = found(
            selectors.annual_report_review_get,
            scope=self.scope,
            report_id=self.kwargs["report_id"],
        )
        return response

    def perform(self, form):
        return services.annual_report_return(
            report_id=self.report.pk,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def get_success_message(self, report):
        return _("Laporan RAT %(name)s tahun buku %(year)s dikembalikan.") % {
            "name": report.cooperative.name,
            "year": report.fiscal_year,
        }

    def get_success_url(self, report):
        return reverse("portal:district-reports")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "report": self.report,
            "previous": self.previous,
            "rows": figure_rows(self.report, self.previous),
            "actionable": self.report.status == AnnualReport.Status.SUBMITTED,
        }


class ReportVerifyView(ReportReviewView):
    """POST only: verify the report; a refusal shows the review page with it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            if self.report.status != AnnualReport.Status.SUBMITTED:
                # The service lets staff verify a draft in the admin; the
                # workspace verifies what a cooperative has submitted.
                raise ValidationError(
                    _("Hanya laporan yang diajukan yang dapat diverifikasi.")
                )
            report = services.annual_report_verify(
                report_id=self.report.pk, by=request.user
            )
        except ValidationError as error:
            verify_form = ReportVerifyForm(request.POST)
            verify_form.is_valid()
            apply_errors(verify_form, error)
            return render(
                request,
                self.template_name,
                self.get_context_data(form=ReportReturnForm(), verify_form=verify_form),
            )
        messages.success(
            request,
            _("Laporan RAT %(name)s tahun buku %(year)s diverifikasi.")
            % {"name": report.cooperative.name, "year": report.fiscal_year},
        )
        return redirect("portal:district-reports")
