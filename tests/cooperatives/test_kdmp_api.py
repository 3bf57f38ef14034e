"""`GET /api/v1/kdmp/`: villages with their KDMP status, scoped (a district's
token sees its own villages), paginated, filtered, in a fixed number of
queries; a refused filter names the field."""

import pytest

from cooperatives.models import KdmpUnit, Village
from tests.cooperatives.kdmp_factories import kdmp_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/kdmp/"
RAWA_MAKMUR = "64.72.01.1001"
Unit = KdmpUnit.Unit


@pytest.fixture
def coverage():
    kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY], name="Koperasi Merah Putih Rawa Makmur")
    kdmp_of("64.72.01.1002")
    kdmp_of("64.71.01.1001")


def test_staff_list_every_village_paginated(staff_api, coverage):
    response = staff_api.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1038
    assert "next" in body


def test_a_villages_kdmp_in_the_list(samarinda_api, coverage):
    response = samarinda_api.get(URL, {"subdistrict": "64.72.01"})

    rows = {row["code"]: row for row in response.json()["results"]}
    assert len(rows) == 5
    rawa = rows[RAWA_MAKMUR]
    assert rawa["status"] == "running"
    assert rawa["kdmp"]["cooperative_name"] == "Koperasi Merah Putih Rawa Makmur"
    assert rawa["kdmp"]["legal_entity_date"] == "2025-07-12"
    assert rawa["kdmp"]["units"] == [
        {"unit": "grocery", "operating_since": "2025-07-12"}
    ]
    assert rows["64.72.01.1002"]["status"] == "formed"
    assert rows["64.72.01.1003"] == {
        "code": "64.72.01.1003",
        "name": "Bukuan",
        "kind": "kelurahan",
        "subdistrict": "64.72.01",
        "district": "64.72",
        "status": "none",
        "kdmp": None,
    }


def test_a_districts_token_sees_its_own_villages(samarinda_api, coverage):
    response = samarinda_api.get(URL, {"status": "formed"})
    other = samarinda_api.get(URL, {"district": "64.71"})

    assert [row["code"] for row in response.json()["results"]] == ["64.72.01.1002"]
    samarinda = Village.objects.filter(code__startswith="64.72.").count()
    assert samarinda_api.get(URL).json()["count"] == samarinda
    assert other.json()["count"] == 0


def test_a_refused_filter_names_the_field(staff_api):
    response = staff_api.get(URL, {"status": "bogus"})

    assert (response.status_code, list(response.json())) == (400, ["status"])


def test_the_list_runs_a_fixed_number_of_queries(
    staff_api, coverage, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10) as few:
        staff_api.get(URL, {"district": "64.72"})
    for village in Village.objects.filter(code__startswith="64.72.02")[:5]:
        kdmp_of(village.code, units=[Unit.CLINIC, Unit.PHARMACY])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_api.get(URL, {"district": "64.72"})

    assert response.status_code == 200


def test_a_kdmp_cooperative_moves_through_the_api_only_with_a_reason(samarinda_api):
    kdmp = kdmp_of(RAWA_MAKMUR)
    url = f"/api/v1/cooperatives/{kdmp.cooperative_id}/"
    moved = {"sub_district": "64.72.01", "village": "64.72.01.1002"}

    refused = samarinda_api.patch(url, moved, format="json")
    accepted = samarinda_api.patch(
        url, {**moved, "village_change_reason": "Koreksi data."}, format="json"
    )

    assert refused.status_code == 400
    assert "village_change_reason" in refused.json()
    assert accepted.status_code == 200, accepted.json()
    assert "village_change_reason" not in accepted.json()
    kdmp.refresh_from_db()
    assert kdmp.village_id == "64.72.01.1002"
