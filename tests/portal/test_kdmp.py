"""The KDMP coverage page: staff see the province, district users their own
district (another one answers 404), officers nothing; exact counts per district
and kecamatan, the villages filtered and paginated, in a fixed number of
queries."""

import pytest
from django.urls import reverse

from cooperatives.models import KdmpUnit, Village
from tests.cooperatives.kdmp_factories import kdmp_of
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    StaffFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

URL = reverse("portal:kdmp")
RAWA_MAKMUR = "64.72.01.1001"
HANDIL_BAKTI = "64.72.01.1002"
BUSUI = "64.01.01.2010"
Unit = KdmpUnit.Unit


@pytest.fixture
def coverage():
    kdmp_of(
        RAWA_MAKMUR,
        units=[Unit.GROCERY, Unit.CLINIC],
        name="Koperasi Merah Putih Rawa Makmur",
    )
    kdmp_of(HANDIL_BAKTI, name="Koperasi Merah Putih Handil Bakti")
    kdmp_of(BUSUI, name="Koperasi Merah Putih Busui")


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def office_client(client):
    client.force_login(DistrictUserFactory(district=district("64.72")))
    return client


def test_staff_see_the_province_per_district(staff_client, coverage):
    page = staff_client.get(URL)

    assert page.status_code == 200
    totals = page.context["totals"]
    assert (totals["villages"], totals["formed"], totals["running"]) == (1038, 3, 1)
    rows = {row["district_id"]: row for row in page.context["by_district"]}
    assert (rows["64.72"]["formed"], rows["64.72"]["running"]) == (2, 1)
    body = page.content.decode()
    assert "Kabupaten Paser" in body
    assert "0,3%" in body  # 3 of 1,038


def test_staff_filter_a_district_shows_its_kecamatan(staff_client, coverage):
    page = staff_client.get(URL, {"kabupaten": "64.72"})

    palaran = next(
        row
        for row in page.context["by_sub_district"]
        if row["sub_district_name"] == "Palaran"
    )
    assert (palaran["villages"], palaran["formed"], palaran["running"]) == (5, 2, 1)
    assert page.context["district_name"] == "Kota Samarinda"
    codes = {village.code for village in page.context["page"].paginator.object_list}
    assert BUSUI not in codes
    assert all(code.startswith("64.72.") for code in codes)


def test_the_village_rows_show_status_cooperative_and_units(staff_client, coverage):
    page = staff_client.get(URL, {"kabupaten": "64.72", "kecamatan": "64.72.01"})

    body = page.content.decode()
    assert [v.code for v in page.context["page"]][:2] == [RAWA_MAKMUR, HANDIL_BAKTI]
    assert "Koperasi Merah Putih Rawa Makmur" in body
    assert "Klinik desa/kelurahan, Gerai sembako" in body
    assert "12 Juli 2025" in body
    assert body.count("tag-kdmp-running") == 1
    assert body.count("tag-kdmp-formed") == 1
    assert body.count("tag-kdmp-none") == 3


def test_filter_by_status_and_pagination_keep_the_filters(staff_client, coverage):
    running = staff_client.get(URL, {"status": "running"})
    none = staff_client.get(URL, {"kabupaten": "64.72", "status": "none"})

    assert [v.code for v in running.context["page"]] == [RAWA_MAKMUR]
    assert none.context["page"].paginator.count == 59 - 2
    assert "kabupaten=64.72&amp;status=none&amp;halaman=2" in none.content.decode()


def test_a_refused_filter_names_the_field(staff_client, coverage):
    page = staff_client.get(URL, {"kecamatan": "99.99.99", "status": "bogus"})

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "kecamatan": ["Pilih kecamatan dari daftar."],
        "status": ["Pilih status dari daftar."],
    }
    assert "Galat:" in page.content.decode()
    assert page.context["page"].paginator.count == 1038


def test_a_district_user_sees_only_their_district(office_client, coverage):
    page = office_client.get(URL)

    assert page.status_code == 200
    assert page.context["by_district"] == []
    totals = page.context["totals"]
    assert (totals["villages"], totals["formed"], totals["running"]) == (59, 2, 1)
    assert "kabupaten" not in page.context["form"].fields
    assert "Koperasi Merah Putih Busui" not in page.content.decode()


def test_a_district_user_naming_another_district_gets_404(office_client, coverage):
    assert office_client.get(URL, {"kabupaten": "64.01"}).status_code == 404
    assert office_client.get(URL, {"kabupaten": "64.72"}).status_code == 200


def test_a_district_user_cannot_pick_another_districts_kecamatan(office_client):
    page = office_client.get(URL, {"kecamatan": "64.01.01"})

    assert page.context["form"].errors == {
        "kecamatan": ["Pilih kecamatan dari daftar."]
    }


def test_officers_and_anonymous_are_refused(client):
    assert client.get(URL).status_code == 302
    client.force_login(officer_of(CooperativeFactory()))
    assert client.get(URL).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY])
    with django_assert_max_num_queries(12) as few:
        staff_client.get(URL, {"kabupaten": "64.72"})
    more = Village.objects.filter(code__startswith="64.72.").exclude(code=RAWA_MAKMUR)[
        :10
    ]
    for village in more:
        kdmp_of(village.code, units=[Unit.GROCERY, Unit.PHARMACY])

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(URL, {"kabupaten": "64.72"})

    assert page.context["totals"]["running"] == 11
