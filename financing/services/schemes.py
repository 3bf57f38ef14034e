"""Financing's reference data, kept by staff: schemes with their yearly budgets and
district quotas, and the delinquency bands. The models' own rules validate each
row; one that applications or loans still refer to is not deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.history import history_by, history_note

from ..models import DelinquencyBand, Scheme, SchemeBudget, SchemeDistrictQuota

REFERENCE_MODELS = (Scheme, SchemeBudget, SchemeDistrictQuota, DelinquencyBand)


def _reference(model):
    if model not in REFERENCE_MODELS:
        raise ValidationError(_("Bukan data rujukan."))
    return model


def _save(row, data: dict, by):
    """Set the fields, validate, save; many-to-many values (a scheme's
    districts) after the row has its key."""
    many = {field.name for field in row._meta.many_to_many}
    for name, value in data.items():
        if name not in many:
            setattr(row, name, value)
    row.full_clean()
    history_note(row, by=by)
    row.save()
    for name in many & set(data):
        getattr(row, name).set(data[name])
    return row


@transaction.atomic
def reference_create(*, model, data: dict, by):
    return _save(_reference(model)(), data, by)


@transaction.atomic
def reference_update(*, model, pk, data: dict, by):
    row = _reference(model).objects.select_for_update().get(pk=pk)
    return _save(row, data, by)


@transaction.atomic
def reference_delete(*, model, pk, by) -> None:
    row = _reference(model).objects.select_for_update().get(pk=pk)
    try:
        with history_by(by):  # a scheme's budgets and quotas go with it
            row.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("%(name)s masih dirujuk oleh data lain dan tidak dapat dihapus.")
            % {"name": row}
        ) from exc
