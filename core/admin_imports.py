"""Import/export in the admin with abuse limits: the upload is checked (size, content
of the chosen format, XLSX zip bomb) before django-import-export parses it, and
imports and exports are counted per staff user (core.ratelimit)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from .ratelimit import limit_hit, limit_message
from .uploads import spreadsheet_check, upload_read


class CheckedImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats

    def clean(self):
        cleaned = super().clean()
        upload, index = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or index in (None, ""):
            return cleaned
        title = self.import_formats[int(index)]().get_title()
        try:
            spreadsheet_check(upload_read(upload), format_title=title)
        except ValidationError as error:
            self.add_error("import_file", error.messages)
        return cleaned


class CheckedImportExportMixin(ImportExportMixin):
    import_form_class = CheckedImportForm
    import_formats = [CSV, XLSX]

    def _limited(self, request, scope: str):
        wait = limit_hit(scope, request.user.pk)
        if wait is None:
            return None
        messages.error(request, limit_message(wait))
        response = HttpResponseRedirect(request.get_full_path())
        response["Retry-After"] = str(wait)
        return response

    def import_action(self, request, **kwargs):
        if request.method == "POST" and (limited := self._limited(request, "import")):
            return limited
        return super().import_action(request, **kwargs)

    def export_action(self, request, **kwargs):
        if request.method == "POST" and (limited := self._limited(request, "export")):
            return limited
        return super().export_action(request, **kwargs)
