"""Annual (RAT) reports: staff verify or return them with the actions and the
change page's buttons; a verified report is frozen."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from core.admin import (
    FastChangelistMixin,
    HistoryAdmin,
    ServiceAdminMixin,
    Writes,
    numbers_displayed,
    run_for_each,
)

from .. import services
from ..models import AnnualReport, Cooperative


@admin.action(description=_("Verifikasi laporan terpilih"))
def verify_reports(modeladmin, request, queryset):
    run_for_each(
        modeladmin,
        request,
        queryset,
        lambda pk: services.annual_report_verify(report_id=pk, by=request.user),
        _("%(count)s laporan diverifikasi."),
    )


@admin.register(AnnualReport)
class AnnualReportAdmin(ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    writes = Writes(
        create=services.annual_report_create,
        # Staff correct a report until it is verified.
        update=lambda pk, **kw: services.annual_report_correct(report_id=pk, **kw),
        delete=lambda pk, **kw: services.annual_report_delete(report_id=pk, **kw),
    )
    list_display = (
        "cooperative",
        "fiscal_year",
        "rat_held_on",
        "status",
        "district",
        "submitted_at",
    )
    list_filter = ("status", "fiscal_year", "district")
    search_fields = ("cooperative__name", "=cooperative__nik")
    list_select_related = ("cooperative", "district")
    raw_id_fields = ("cooperative",)
    date_hierarchy = "rat_held_on"
    actions = [verify_reports]
    readonly_fields = (
        "status",
        "return_reason",
        "submitted_at",
        "verified_at",
        "verified_by",
        "district",
    )
    change_form_template = "admin/cooperatives/annualreport/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            names = [
                "cooperative_kind_label" if f.name == "cooperative_kind" else f.name
                for f in self.model._meta.fields
                if f.name != "id"
            ]
            return numbers_displayed(AnnualReport, names)
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        if self._frozen(obj):
            return self.get_readonly_fields(request, obj)
        return super().get_fields(request, obj)

    @staticmethod
    def _frozen(obj) -> bool:
        return (
            obj is not None
            and not obj.is_editable
            and obj.status != AnnualReport.Status.SUBMITTED
        )

    @admin.display(description=_("jenis koperasi saat verifikasi"))
    def cooperative_kind_label(self, report):
        kind = report.cooperative_kind
        return Cooperative.Kind(kind).label if kind in Cooperative.Kind else kind

    def has_delete_permission(self, request, obj=None):
        # A verified report is a frozen snapshot and the source of the cooperative's
        # last RAT date (and so of *active*): deleting it would leave both stale.
        if obj is not None and obj.status == AnnualReport.Status.VERIFIED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # "Delete selected" checks no row, so it would delete verified reports too.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def response_change(self, request, obj):
        for key, service, message in (
            ("_verify", services.annual_report_verify, _("Laporan diverifikasi.")),
            (
                "_return",
                services.annual_report_return,
                _("Laporan dikembalikan ke koperasi."),
            ),
        ):
            if key in request.POST:
                kwargs = (
                    {"reason": request.POST.get("return_reason_input", "")}
                    if key == "_return"
                    else {}
                )
                try:
                    service(report_id=obj.pk, by=request.user, **kwargs)
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                else:
                    self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
