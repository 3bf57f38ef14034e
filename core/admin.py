"""What every domain app's admin shares: the site's titles, changelists without the
full-table count, bulk actions that run a service per row, change forms that save
through a service (its refusals shown on the form), and import/export with abuse
limits (the upload is checked — size, content of the chosen format, XLSX zip bomb —
before django-import-export parses it; imports and exports are counted per staff
user, core.ratelimit)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from .paginators import LargeTablePaginator
from .ratelimit import limit_hit, limit_message
from .uploads import spreadsheet_check, upload_read

admin.site.site_header = _("Portal KUKM Kalimantan Timur")
admin.site.site_title = _("Portal KUKM Kaltim")
admin.site.index_title = _("Administrasi")


class FastChangelistMixin:
    # No COUNT(*) of the whole table: neither the "of N" total nor, unfiltered,
    # the paginator's (it takes the planner's estimate on big tables).
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50


def run_for_each(modeladmin, request, queryset, call, done_message) -> int:
    """Run a service per selected row: a refused row is reported, the others go on.
    Shared by every app's admin actions."""
    done = 0
    for pk in queryset.order_by("pk").values_list("pk", flat=True):
        try:
            call(pk)
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"#{pk}: {' '.join(exc.messages)}", messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, done_message % {"count": done}, messages.SUCCESS
        )
    return done


def form_data(form, names=None) -> dict:
    """The cleaned values of a model form's changed model fields (or of `names`):
    the `data` an `<entity>_update(data=…)` service takes."""
    names = form.changed_data if names is None else names
    model_fields = {field.name for field in form._meta.model._meta.get_fields()}
    return {
        name: form.cleaned_data[name]
        for name in names
        if name in model_fields and name in form.cleaned_data
    }


def saved_as(obj, saved) -> None:
    """Make the admin's unsaved instance the row a service created, so that the
    inlines, the log entry and the redirect refer to it."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj._state.db = saved._state.db
    obj.refresh_from_db()


REFUSAL = "_service_refusal"


class ServiceAdminMixin:
    """A change form that saves through the app's service, like the API and the
    portal. `save_model`, `save_formset` and `delete_model` call services; a
    `ValidationError` they raise undoes everything the request wrote and brings the
    form back with the service's messages on the fields it names (the others above
    the form), exactly as a model validation error would."""

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super()._changeform_view(
                    request, object_id, form_url, extra_context
                )
        except ValidationError as refusal:
            # Validate the same POST again, now with the refusal as form errors:
            # nothing is saved and the page shows them.
            setattr(request, REFUSAL, refusal)
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, REFUSAL, None)
        if refusal is None:
            return form
        return type(form.__name__, (RefusedFormMixin, form), {"refusal": refusal})

    def delete_view(self, request, object_id, extra_context=None):
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RefusedFormMixin:
    refusal: ValidationError

    def clean(self):
        cleaned = super().clean()
        if hasattr(self.refusal, "error_dict"):
            for field, errors in self.refusal.error_dict.items():
                target = field if field in self.fields else None
                for error in errors:
                    self.add_error(target, error)
        else:
            self.add_error(None, self.refusal)
        return cleaned


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


__all__ = [
    "CheckedImportExportMixin",
    "CheckedImportForm",
    "FastChangelistMixin",
    "ServiceAdminMixin",
    "form_data",
    "run_for_each",
    "saved_as",
]
