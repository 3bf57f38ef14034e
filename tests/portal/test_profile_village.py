"""The officers' profile page: a kecamatan and a village of the district chosen
from lists (grouped by kecamatan, filtered by static/js/village-select.js); the
server refuses a village outside the kecamatan, so the page works without JS."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cooperatives.kdmp_factories import kdmp_of
from tests.factories import CooperativeFactory, officer_of

pytestmark = pytest.mark.django_db


def _profile(cooperative, **changes) -> dict:
    data = {
        "sub_district": "64.72.03",
        "village": "64.72.03.1004",
        "address": "Jl. Pahlawan 7",
        "postal_code": "75124",
        "phone": "",
        "email": "",
    }
    data.update(changes)
    return data


def test_the_village_list_holds_the_districts_villages_by_kecamatan(client):
    cooperative = CooperativeFactory(village_id="64.72.03.1004")
    client.force_login(officer_of(cooperative))

    body = client.get(f"/portal/koperasi/{cooperative.pk}/profil/").content.decode()

    assert 'data-villages-of="id_sub_district"' in body
    assert '<optgroup label="Samarinda Ulu">' in body
    assert '<option value="64.72.03.1004" selected>Air Putih</option>' in body
    assert body.count('<option value="64.72.') == 10 + 59  # kecamatan + villages
    assert "64.71.01.1001" not in body  # Balikpapan's are not offered
    assert "js/village-select.js" in body


def test_a_village_is_saved_with_its_kecamatan(client):
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))

    response = client.post(
        f"/portal/koperasi/{cooperative.pk}/profil/", _profile(cooperative)
    )

    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert (cooperative.sub_district_id, cooperative.village_id) == (
        "64.72.03",
        "64.72.03.1004",
    )


def test_a_village_outside_the_kecamatan_is_refused_next_to_the_field(client):
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))

    response = client.post(
        f"/portal/koperasi/{cooperative.pk}/profil/",
        _profile(cooperative, sub_district="64.72.01"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_village_error"' in body
    assert "Desa/kelurahan ini tidak berada di kecamatan yang dipilih." in body
    cooperative.refresh_from_db()
    assert cooperative.village_id is None


def test_the_profile_page_reads_the_villages_in_one_query(client):
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))
    url = f"/portal/koperasi/{cooperative.pk}/profil/"
    client.get(url)

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)

    village_reads = [
        q["sql"] for q in ctx.captured_queries if "cooperatives_village" in q["sql"]
    ]
    assert len(village_reads) == 1


def test_a_kdmp_keeps_its_village_when_officers_edit_the_profile(client):
    """Moving a KDMP is a correction staff make with a reason; the officers' form
    shows its kecamatan and village fixed, and a posted change leaves them."""
    kdmp = kdmp_of("64.72.03.1004")
    cooperative = kdmp.cooperative
    client.force_login(officer_of(cooperative))
    url = f"/portal/koperasi/{cooperative.pk}/profil/"

    body = client.get(url).content.decode()
    response = client.post(
        url,
        _profile(
            cooperative,
            sub_district="64.72.01",
            village="64.72.01.1001",
            address="Jl. Baru 1",
        ),
    )

    assert "diubah oleh Dinas, dengan alasan" in body
    assert response.status_code == 302
    cooperative.refresh_from_db()
    kdmp.refresh_from_db()
    assert cooperative.address == "Jl. Baru 1"
    assert (cooperative.sub_district_id, cooperative.village_id) == (
        "64.72.03",
        "64.72.03.1004",
    )
    assert kdmp.village_id == "64.72.03.1004"
