"""Recaps for agency and district staff: the report request form of the
dashboard, and the latest runs with their progress and downloads. A request goes
through `reports.services.report_request`, like the API's."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.selectors import district_get
from reports import selectors, services
from reports.forms import ReportRunRequestForm

from .base import DistrictFormView

RUNS_SHOWN = 10


class ReportRunRequestView(DistrictFormView):
    template_name = "portal/recaps.html"

    def get_form(self):
        return ReportRunRequestForm(
            **self.get_form_kwargs(), scope=self.scope, today=timezone.localdate()
        )

    def perform(self, form):
        data = form.cleaned_data
        if self.scope.everything:
            district = data.get("district")
        else:
            district = district_get(code=self.scope.district_code)
        return services.report_request(
            kind=data["kind"],
            format=data["format"],
            year=data["year"],
            district=district,
            by=self.request.user,
        )

    def get_success_message(self, run):
        return _(
            "Laporan %(report)s sedang dibuat. Unduh dari daftar di bawah bila "
            "sudah selesai."
        ) % {"report": run}

    def get_success_url(self, run):
        return "portal:recaps"

    def get_context_data(self, **kwargs) -> dict:
        runs = selectors.report_run_list(scope=self.scope)[:RUNS_SHOWN]
        return super().get_context_data(runs=runs, **kwargs)
