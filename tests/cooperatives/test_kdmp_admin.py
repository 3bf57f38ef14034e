"""The KDMP admin writes through the services: a KDMP marked with its units
(history naming the staff member), a village other than the cooperative's own
refused on the form with nothing saved; the changelist and history pages."""

import pytest

from cooperatives.models import Kdmp, KdmpUnit
from tests.cooperatives.kdmp_factories import kdmp_of, village_cooperative

from .test_admin import form_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/cooperatives/kdmp"
RAWA_MAKMUR = "64.72.01.1001"


def _with_unit(data: dict, unit: str, since: str) -> dict:
    return {
        **data,
        "units-TOTAL_FORMS": "1",
        "units-0-unit": unit,
        "units-0-operating_since": since,
    }


def test_staff_mark_a_kdmp_with_a_unit_in_the_admin(staff_client, staff_user):
    cooperative = village_cooperative(RAWA_MAKMUR)
    page = staff_client.get(f"{ADMIN}/add/")
    data = form_data(page, cooperative=cooperative.pk, village=RAWA_MAKMUR)

    response = staff_client.post(
        f"{ADMIN}/add/", _with_unit(data, "grocery", "12-07-2025")
    )

    assert response.status_code == 302
    kdmp = Kdmp.objects.get()
    assert kdmp.cooperative == cooperative
    assert list(kdmp.units.values_list("unit", flat=True)) == ["grocery"]
    assert kdmp.history.get().history_user == staff_user
    assert KdmpUnit.history.get().history_user == staff_user


def test_the_admin_refuses_another_village_naming_the_field(staff_client):
    cooperative = village_cooperative(RAWA_MAKMUR)
    page = staff_client.get(f"{ADMIN}/add/")

    response = staff_client.post(
        f"{ADMIN}/add/",
        form_data(page, cooperative=cooperative.pk, village="64.72.01.1002"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "alamat koperasinya" in errors["village"][0]
    assert not Kdmp.objects.exists()


def test_the_changelist_and_history_pages(staff_client):
    kdmp = kdmp_of(RAWA_MAKMUR, name="Koperasi Merah Putih Rawa Makmur")

    changelist = staff_client.get(f"{ADMIN}/")
    history = staff_client.get(f"{ADMIN}/{kdmp.pk}/history/")

    assert "Koperasi Merah Putih Rawa Makmur" in changelist.content.decode()
    assert "12 Juli 2025" in changelist.content.decode()
    assert history.status_code == 200
