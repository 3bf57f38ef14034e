"""Reads of the coded places: kecamatan and villages (reference data, the same
for every caller; the scope is taken for the API's one mechanism)."""

from accounts.scope import Scope

from ..models import SubDistrict, Village


def sub_district_reference_list(*, scope: Scope):
    """Every kecamatan of the province, by code."""
    return SubDistrict.objects.order_by("code")


def village_list(*, scope: Scope):
    """Every desa/kelurahan of the province, by code."""
    return Village.objects.order_by("code")


def village_choice_list(*, district_id: str):
    """The villages of one district by kecamatan and name, with their kecamatan:
    the choice of an address's village (the page filters it by kecamatan)."""
    return (
        Village.objects.filter(sub_district__district_id=district_id)
        .select_related("sub_district")
        .order_by("sub_district__name", "name")
    )


def unmatched_village_rows(model):
    """The rows of Cooperative or Enterprise whose free-text village matched no
    coded village: (id, name, district, kecamatan, text), by district and name."""
    return (
        model.objects.filter(village__isnull=True)
        .exclude(village_name="")
        .order_by("district_id", "name", "pk")
        .values_list("pk", "name", "district_id", "sub_district_id", "village_name")
    )
