"""Staff request reports here and watch them progress (the change page polls the
run's API detail); scheduled recaps are edited under Periodic tasks."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cooperatives.models import District
from core.admin import ServiceAdminMixin, Writes

from .. import services
from ..models import ReportRun


class ReportRequestForm(forms.ModelForm):
    class Meta:
        model = ReportRun
        fields = ["kind", "format", "year", "district"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["district"].queryset = District.objects.all()


@admin.register(ReportRun)
class ReportRunAdmin(ServiceAdminMixin, admin.ModelAdmin):
    # A run is requested (save_model below) and deleted through the services;
    # it is never edited.
    writes = Writes(delete=lambda pk, by: services.report_run_delete(run_id=pk, by=by))
    list_display = (
        "__str__",
        "district",
        "status",
        "progress",
        "requested_by",
        "created_at",
        "download",
    )
    list_filter = ("kind", "format", "status", "scheduled")
    list_select_related = ("district", "requested_by")
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = (
        "kind",
        "format",
        "year",
        "district",
        "requested_by",
        "scheduled",
        "status",
        "progress",
        "failure",
        "download",
        "created_at",
        "started_at",
        "finished_at",
    )
    change_form_template = "admin/reports/reportrun/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportRequestForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return (
            ["kind", "format", "year", "district"]
            if obj is None
            else self.readonly_fields
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        run = services.report_request(
            kind=obj.kind,
            format=obj.format,
            year=obj.year,
            district=obj.district,
            by=request.user,
        )
        obj.pk = run.pk

    @admin.display(description=_("unduh"))
    def download(self, run):
        if run.status != ReportRun.Status.DONE or not run.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', f"/api/v1/reports/{run.pk}/download/", run.filename
        )
