"""Annual (RAT) reports: staff verify or return them with the actions and the
change page's buttons. Staff correct the figures of a submitted or verified
report with a reason (the earlier figures are kept and listed on the page), and
attach or replace its PDFs (minutes of the RAT, financial statements)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from core.admin import (
    FastChangelistMixin,
    HistoryAdmin,
    ServiceAdminMixin,
    Writes,
    form_data,
    run_for_each,
)

from .. import selectors, services
from ..models import AnnualReport, Cooperative
from ..report_documents import attachment_response, correction_rows

PDF_INPUT = forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"})


class AnnualReportAdminForm(forms.ModelForm):
    """The report's fields, the reason for a correction, and the PDFs."""

    correction_reason = forms.CharField(
        label=_("Alasan koreksi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Wajib bila mengubah angka laporan yang sudah diajukan atau "
            "diverifikasi. Angka sebelumnya disimpan dan tampil di bawah."
        ),
    )
    minutes = forms.FileField(
        label=_("Unggah berita acara RAT (PDF)"), required=False, widget=PDF_INPUT
    )
    financial_statements = forms.FileField(
        label=_("Unggah laporan keuangan (PDF)"), required=False, widget=PDF_INPUT
    )

    class Meta:
        model = AnnualReport
        fields = ["cooperative", "fiscal_year", *AnnualReport.FIGURES]


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
    form = AnnualReportAdminForm
    writes = Writes(
        create=services.annual_report_create,
        # Figures of a submitted or verified report: only with a reason.
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
    # The order of the index report_year_desc_id: a page reads its rows from the
    # index, where the model's order sorted a whole year's reports (issue 24).
    ordering = ("-fiscal_year", "id")
    actions = [verify_reports]
    readonly_fields = (
        "status",
        "return_reason",
        "submitted_at",
        "verified_at",
        "verified_by",
        "district",
        "balance_check",
        "attachment_links",
        "correction_list",
    )
    change_form_template = "admin/cooperatives/annualreport/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == AnnualReport.Status.VERIFIED:
            # A verified report: its figures may be corrected (with a reason).
            return [
                *(
                    "cooperative_kind_label" if f.name == "cooperative_kind" else f.name
                    for f in self.model._meta.fields
                    if f.name != "id"
                    and f.name not in AnnualReport.FIGURES
                    # The PDFs show as download links (never their storage path).
                    and f.name not in AnnualReport.ATTACHMENTS.values()
                ),
                "balance_check",
                "attachment_links",
                "correction_list",
            ]
        return self.readonly_fields

    @admin.display(description=_("jenis koperasi saat verifikasi"))
    def cooperative_kind_label(self, report):
        kind = report.cooperative_kind
        return Cooperative.Kind(kind).label if kind in Cooperative.Kind else kind

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # The reason and the uploads sit below the figures, before the records.
        for name in ("correction_reason", "minutes", "financial_statements"):
            fields.remove(name)
        at = fields.index("balance_check") if "balance_check" in fields else len(fields)
        fields[at:at] = ["correction_reason", "minutes", "financial_statements"]
        return fields

    @admin.display(description=_("Pemeriksaan neraca"))
    def balance_check(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return obj.balance_warning or _("Aset sama dengan modal sendiri + modal luar.")

    @admin.display(description=_("Lampiran"))
    def attachment_links(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        items = [
            {
                "label": AnnualReport._meta.get_field(field).verbose_name,
                "url": reverse(
                    "admin:cooperatives_annualreport_attachment", args=[obj.pk, kind]
                )
                if getattr(obj, field)
                else "",
            }
            for kind, field in AnnualReport.ATTACHMENTS.items()
        ]
        return render_to_string(
            "admin/cooperatives/annualreport/attachments.html", {"items": items}
        )

    @admin.display(description=_("Koreksi oleh dinas"))
    def correction_list(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        corrections = selectors.annual_report_correction_list(
            scope=Scope.province(), report_id=obj.pk
        )
        return render_to_string(
            "admin/cooperatives/annualreport/corrections.html",
            {"corrections": correction_rows(corrections)},
        )

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("correction_reason", "")
        if change:
            data = form_data(form)
            if data:
                services.annual_report_correct(
                    report_id=obj.pk, data=data, by=request.user, reason=reason
                )
        else:
            super().save_model(request, obj, form, change)
        files = {
            kind: form.cleaned_data[kind]
            for kind in AnnualReport.ATTACHMENTS
            if form.cleaned_data.get(kind)
        }
        if files:
            services.annual_report_attach(
                report_id=obj.pk, files=files, by=request.user, staff=True
            )

    def get_urls(self):
        return [
            path(
                "<int:report_id>/lampiran/<slug:kind>/",
                self.admin_site.admin_view(self.attachment_view),
                name="cooperatives_annualreport_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, report_id: int, kind: str):
        """A report's PDF, for staff whose scope holds the report (404 otherwise)."""
        report = (
            self.get_queryset(request)
            .restrict(Scope.for_user(request.user))
            .filter(pk=report_id)
            .first()
        )
        if report is None or not self.has_view_permission(request, report):
            raise Http404
        return attachment_response(report, kind)

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
