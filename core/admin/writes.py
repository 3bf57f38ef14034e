"""Changelists without the full-table count, bulk actions that run a service per
row, and change forms that save through a service (its refusals shown on the
form)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect

from ..paginators import LargeTablePaginator
from .numbers import NumbersAdminMixin


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
    """The cleaned values of a model form's changed model fields (or of `names`),
    and of the form's `service_fields` (inputs a service takes beside the model's,
    a reason say): the `data` an `<entity>_update(data=…)` service takes."""
    names = form.changed_data if names is None else names
    meta = form._meta.model._meta
    model_fields = {field.name for field in meta.get_fields()} - {meta.pk.name}
    model_fields |= set(getattr(form, "service_fields", ()))
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
