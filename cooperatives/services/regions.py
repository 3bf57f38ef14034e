"""Reference data of the registry, kept by staff: districts (kabupaten/kota), their
sub-districts (kecamatan), villages and clusters. The models' own rules validate each row;
a row that cooperatives still refer to is not deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Cluster, District, SubDistrict, Village
from .writes import create_validated, delete_checked, update_validated

REFERENCE_MODELS = (District, SubDistrict, Village, Cluster)


def _reference(model):
    if model not in REFERENCE_MODELS:
        raise ValidationError(_("Bukan data rujukan."))
    return model


@transaction.atomic
def reference_create(*, model, data: dict, by):
    return create_validated(_reference(model), data)


@transaction.atomic
def reference_update(*, model, pk, data: dict, by):
    row = _reference(model).objects.select_for_update().get(pk=pk)
    return update_validated(row, data)


@transaction.atomic
def reference_delete(*, model, pk, by) -> None:
    delete_checked(_reference(model).objects.select_for_update().get(pk=pk))
