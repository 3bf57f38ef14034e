"""KDMP monitoring (Inpres 9/2025): staff mark a cooperative as its village's
Koperasi Desa/Kelurahan Merah Putih and record which mandated units operate.

Status flow of a village (derived, see cooperatives.models.kdmp):
none → formed (KDMP marked, the cooperative has its legal entity) → running
(a mandated business unit operates). Every write is validated by the model's
rules (one KDMP per village, the cooperative's own village; one row per unit)
and recorded in the change history with who acted.
"""

from django.db import transaction

from ..models import Kdmp, KdmpUnit
from .writes import create_validated, delete_checked, update_validated


@transaction.atomic
def kdmp_create(*, data: dict, by=None) -> Kdmp:
    return create_validated(Kdmp, data, by=by)


@transaction.atomic
def kdmp_update(*, kdmp_id: int, data: dict, by=None) -> Kdmp:
    kdmp = Kdmp.objects.select_for_update().get(pk=kdmp_id)
    return update_validated(kdmp, data, by=by)


@transaction.atomic
def kdmp_delete(*, kdmp_id: int, by=None) -> None:
    delete_checked(Kdmp.objects.select_for_update().get(pk=kdmp_id), by=by)


@transaction.atomic
def kdmp_unit_create(*, data: dict, by=None) -> KdmpUnit:
    return create_validated(KdmpUnit, data, by=by)


@transaction.atomic
def kdmp_unit_update(*, unit_id: int, data: dict, by=None) -> KdmpUnit:
    unit = KdmpUnit.objects.select_for_update().get(pk=unit_id)
    return update_validated(unit, data, by=by)


@transaction.atomic
def kdmp_unit_delete(*, unit_id: int, by=None) -> None:
    delete_checked(KdmpUnit.objects.select_for_update().get(pk=unit_id), by=by)
