"""The admin's upload page for background registry imports (issue 17): staff pick
the kind, the file, a dry run and whether to skip invalid rows; the job runs in a
worker, its progress and counts show in the list, and its rejected rows download
as a CSV with a `reason` column. Registered from cooperatives.admin."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from core.admin import ServiceAdminMixin, Writes, rate_limited

from ..api.imports import rejected_rows_response
from ..models import District, ImportJob
from ..services.imports import import_job_delete, import_request
from ..services.imports.reading import MAX_IMPORT_BYTES


class ImportJobForm(forms.Form):
    kind = forms.ChoiceField(label=_("jenis data"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=_("berkas"),
        help_text=_(
            "CSV (UTF-8) atau XLSX dengan kolom hasil ekspor, judul kolomnya dalam "
            "bahasa Indonesia atau nama kolom API. Paling besar %(mb)s MB."
        )
        % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)},
    )
    dry_run = forms.BooleanField(label=_("uji coba (tanpa menyimpan)"), required=False)
    skip_invalid = forms.BooleanField(
        label=_("lewati baris tidak valid"),
        required=False,
        help_text=_("Tanpa centang: satu baris tidak valid membatalkan seluruh impor."),
    )


@admin.register(ImportJob)
class ImportJobAdmin(ServiceAdminMixin, admin.ModelAdmin):
    # Requested on the add page below, deleted through the service; never edited.
    writes = Writes(delete=lambda pk, by: import_job_delete(job_id=pk, by=by))
    list_display = (
        "__str__", "status", "progress", "rows", "created", "updated", "skipped",
        "dry_run", "district", "by", "created_at", "errors_link",
    )  # fmt: skip
    list_filter = ("kind", "status", "dry_run")
    list_select_related = ("district", "by")
    readonly_fields = (
        "kind", "file", "dry_run", "skip_invalid", "district", "by", "status",
        "progress", "rows", "created", "updated", "skipped", "errors_link",
        "failure", "created_at", "started_at", "finished_at",
    )  # fmt: skip
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(Scope.for_user(request.user))

    @admin.display(description=_("baris yang ditolak"))
    def errors_link(self, job):
        if not job.errors_file:
            return "—"
        url = reverse("admin:cooperatives_importjob_errors", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Unduh CSV"))

    def get_urls(self):
        errors = self.admin_site.admin_view(self.errors_view)
        return [
            path("<int:pk>/errors/", errors, name="cooperatives_importjob_errors"),
            *super().get_urls(),
        ]

    def errors_view(self, request, pk: int):
        job = self.get_queryset(request).filter(pk=pk).first()
        if job is None or not self.has_view_permission(request, job):
            raise Http404
        return rejected_rows_response(job)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and (limited := rate_limited(request, "import")):
            return limited
        # The registry changelists' "Impor" button names the kind (?kind=…).
        kind = request.GET.get("kind")
        form = ImportJobForm(
            request.POST or None,
            request.FILES or None,
            initial={"kind": kind} if kind in ImportJob.Kind.values else None,
        )
        if request.method == "POST" and form.is_valid():
            scope = Scope.for_user(request.user)
            district = (
                None
                if scope.everything
                else District.objects.filter(pk=scope.district_code).first()
            )
            try:
                job = import_request(
                    **form.cleaned_data, district=district, by=request.user
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    gettext(
                        "Impor #%(id)s masuk antrean; kemajuannya tampil di daftar."
                    )
                    % {"id": job.pk},
                )
                return HttpResponseRedirect(
                    reverse("admin:cooperatives_importjob_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Unggah berkas impor"),
            "form": form,
            "opts": self.model._meta,
            **(extra_context or {}),
        }
        return TemplateResponse(
            request, "admin/cooperatives/importjob/upload.html", context
        )
