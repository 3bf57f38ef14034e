"""django-import-export's export (counted per staff user, core.ratelimit), its
import button leading to the app's background import, which writes through the
services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from ..ratelimit import limit_hit, limit_message


class ExportFieldsForm(SelectableFieldsExportForm):
    """The export page's field checkboxes labelled with the file's own column
    headers (django-import-export titles the attribute's English name)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        # The resource's instance: its columns may be built per instance.
        headers = self.__dict__.setdefault("_headers", {})
        if resource not in headers:
            headers[resource] = {
                name: str(field.column_name)
                for name, field in resource().fields.items()
            }
        return headers[resource].get(field_name, field_name)


class PipelineImportExportMixin(ExportMixin):
    """django-import-export for its export page only. Its import saves rows
    itself, around the services: here the changelist's import button leads to
    the app's background import (`import_url`: a URL name, its query string),
    which validates and writes as the API does. Exports are counted per staff
    user (core.ratelimit); the pages run under the CSP (templates/admin/
    import_export/)."""

    export_form_class = ExportFieldsForm
    export_formats = [CSV, XLSX]
    import_export_change_list_template = (
        "admin/import_export/change_list_import_export.html"
    )
    import_url: tuple[str, str] = ("", "")
    import_permission = ""  # to request an import: "app.add_<import job model>"

    def has_import_permission(self, request) -> bool:
        return bool(self.import_url[0]) and request.user.has_perm(
            self.import_permission
        )

    def get_urls(self):
        opts = self.model._meta
        import_view = self.admin_site.admin_view(self.import_redirect)
        return [
            path(
                "import/",
                import_view,
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_redirect(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        name, query = self.import_url
        url = reverse(name)
        return HttpResponseRedirect(f"{url}?{query}" if query else url)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def init_request_context_data(self, request, form):
        return {
            **super().init_request_context_data(request, form),
            "title": _("Ekspor"),
        }

    def export_action(self, request, **kwargs):
        if request.method == "POST" and (limited := rate_limited(request, "export")):
            return limited
        return super().export_action(request, **kwargs)


def rate_limited(request, scope: str):
    """A redirect back with the limit's message when the user's count of
    `scope` (core.ratelimit) is used up, else None."""
    wait = limit_hit(scope, request.user.pk)
    if wait is None:
        return None
    messages.error(request, limit_message(wait))
    response = HttpResponseRedirect(request.get_full_path())
    response["Retry-After"] = str(wait)
    return response
