"""What every domain app's admin shares: the site's titles, changelists without the
full-table count, bulk actions that run a service per row, change forms that save
through a service (its refusals shown on the form), and django-import-export's
export (counted per staff user, core.ratelimit) with its import button leading
to the app's background import, which writes through the services."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from .forms import RupiahField
from .history import history_entries
from .numbers import format_number, format_rupiah
from .paginators import LargeTablePaginator
from .ratelimit import limit_hit, limit_message

admin.site.site_header = _("Portal KUKM Kalimantan Timur")
admin.site.site_title = _("Portal KUKM Kaltim")
admin.site.index_title = _("Administrasi")


def _is_agency_staff(request) -> bool:
    return getattr(request.user, "is_agency_staff", False)  # False when anonymous


class AgencyStaffOnlyMixin:
    """People's data across the province (identities, every scope's records):
    agency staff only, whatever model permissions a district user with an admin
    login was given; a scoped user reads and writes people through the API and
    the portal, which keep to its scope (docs/security.md)."""

    def has_module_permission(self, request):
        return _is_agency_staff(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _is_agency_staff(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return _is_agency_staff(request) and super().has_add_permission(
            request, *args, **kwargs
        )

    def has_change_permission(self, request, obj=None):
        return _is_agency_staff(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_agency_staff(request) and super().has_delete_permission(request, obj)

    # django-import-export's pages (its default lets any admin user import).
    def has_import_permission(self, request):
        return _is_agency_staff(request) and super().has_import_permission(request)

    def has_export_permission(self, request):
        return _is_agency_staff(request) and super().has_export_permission(request)


def is_money(field) -> bool:
    """Our amounts: DecimalField(max_digits=18, decimal_places=2); rates and
    other decimals are smaller."""
    return (
        isinstance(field, models.DecimalField)
        and field.decimal_places == 2
        and field.max_digits >= 15
    )


@functools.cache
def number_display(model, name: str):
    """A list_display / readonly_fields entry for a decimal field of `model`, as
    people read it: an amount `Rp1.250.000`, a rate `6,00` (core.numbers). One
    function per field, so `fields` and `readonly_fields` name the same one."""
    field = model._meta.get_field(name)
    money = is_money(field)

    @admin.display(description=field.verbose_name, ordering=name)
    def show(obj):
        value = getattr(obj, name)
        if value is None:
            return "—"
        text = (
            format_rupiah(value)
            if money
            else format_number(value, places=field.decimal_places)
        )
        return format_html('<span class="kukm-number">{}</span>', text)

    show.__name__ = name  # the column keeps its CSS class, field-<name>
    return show


def numbers_displayed(model, names):
    """`names` with every decimal field of `model` shown by `number_display`."""
    decimals = {
        f.name for f in model._meta.fields if isinstance(f, models.DecimalField)
    }
    return tuple(
        number_display(model, name)
        if isinstance(name, str) and name in decimals
        else name
        for name in names
    )


class NumbersAdminMixin:
    """Amounts typed and shown as `1.250.000` (whole rupiah, no `,00`), rates as
    `6,00`; both read back as typed (core.forms.RupiahField). Columns of
    `number_display` align to the right (css/admin.css)."""

    class Media:
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_money(db_field):
            kwargs.setdefault("form_class", RupiahField)
            kwargs.setdefault("allow_negative", True)  # the model's validators decide
            return db_field.formfield(**kwargs)
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("localize", True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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
    meta = form._meta.model._meta
    model_fields = {field.name for field in meta.get_fields()} - {meta.pk.name}
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


@dataclass(frozen=True)
class Writes:
    """The services an admin writes one model through, each called with the
    acting user as `by`: `create(data=…)` returns the new row, `update(pk, data=…)`
    takes the changed fields, `delete(pk)`. A missing one leaves that write to
    a custom `save_model`/`delete_model` (or to no one: a read-only admin)."""

    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None


REFUSAL = "_service_refusal"


class ServiceAdminMixin(NumbersAdminMixin):
    """An admin that writes through the app's services, like the API and the
    portal: the model's `writes` for the change form, each inline's `writes` for
    its rows. A `ValidationError` a service raises undoes everything the request
    wrote and brings the form back with the service's messages on the fields it
    names (the others above the form), as a model validation error would."""

    writes = Writes()

    def save_model(self, request, obj, form, change):
        if change:
            data = form_data(form)
            if data:
                self.writes.update(obj.pk, data=data, by=request.user)
            return
        saved_as(
            obj, self.writes.create(data=form_data(form, form.fields), by=request.user)
        )

    def delete_model(self, request, obj):
        self.writes.delete(obj.pk, by=request.user)

    def delete_queryset(self, request, queryset):
        # "Delete selected": each row through the service, a refused one reported.
        for obj in queryset:
            try:
                with transaction.atomic(using=router.db_for_write(self.model)):
                    self.delete_model(request, obj)
            except ValidationError as refusal:
                self.message_user(
                    request, f"{obj}: {' '.join(refusal.messages)}", messages.ERROR
                )

    def save_formset(self, request, form, formset, change):
        writes = self._inline_writes(request, form.instance, formset.model)
        if writes is None:  # a read-only inline
            return super().save_formset(request, form, formset, change)
        by = request.user
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for row in formset.initial_forms:
            if row in formset.deleted_forms:
                writes.delete(row.instance.pk, by=by)
                formset.deleted_objects.append(row.instance)
            elif row.has_changed() and (data := form_data(row)):
                saved = writes.update(row.instance.pk, data=data, by=by)
                formset.changed_objects.append((saved, list(data)))
        for row in formset.extra_forms:
            if row.has_changed() and row not in formset.deleted_forms:
                data = form_data(row, row.fields)
                data[formset.fk.name] = form.instance
                formset.new_objects.append(writes.create(data=data, by=by))
        return None

    def _inline_writes(self, request, obj, model) -> Writes | None:
        for inline in self.get_inline_instances(request, obj):
            if inline.model is model:
                return getattr(inline, "writes", None)
        return None

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


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history as people read it (core.history): labels, WITA times,
    formatted values, who acted and why, no empty rows. Every admin of a model
    with history uses it."""

    object_history_list_template = "admin/history_list.html"

    def history_view_title(self, request, obj):
        return _("Riwayat perubahan: %(object)s") % {"object": obj}

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        page = historical_records
        end = page.end_index()
        # The record before this page's last one, so that it shows its change too.
        older = next(iter(page.paginator.object_list[end : end + 1]), None)
        page.entries = history_entries(page.object_list, older=older)


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


__all__ = [
    "ExportFieldsForm",
    "FastChangelistMixin",
    "HistoryAdmin",
    "NumbersAdminMixin",
    "PipelineImportExportMixin",
    "ServiceAdminMixin",
    "Writes",
    "form_data",
    "number_display",
    "numbers_displayed",
    "rate_limited",
    "run_for_each",
    "saved_as",
]
