"""SPEC 6.6: `/api/v1/subdistricts/`, `/api/v1/villages/`, the districts list
paginated, and addresses by code (400 naming the field when they disagree)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative, Enterprise
from tests.factories import CooperativeFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_subdistricts_are_paginated_and_filtered_by_district(samarinda_api):
    body = samarinda_api.get("/api/v1/subdistricts/?district=64.72").json()

    assert body["count"] == 10
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["results"][2] == {
        "code": "64.72.03",
        "name": "Samarinda Ulu",
        "district": "64.72",
    }
    everything = samarinda_api.get("/api/v1/subdistricts/?page_size=50").json()
    assert everything["count"] == 105
    assert len(everything["results"]) == 50
    assert everything["next"].endswith("page=2&page_size=50")


def test_villages_filter_by_subdistrict_district_and_search(samarinda_api):
    by_kecamatan = samarinda_api.get("/api/v1/villages/?subdistrict=64.72.03").json()
    assert by_kecamatan["count"] == 8
    assert by_kecamatan["results"][2] == {
        "code": "64.72.03.1004",
        "name": "Air Putih",
        "kind": "kelurahan",
        "subdistrict": "64.72.03",
        "district": "64.72",
    }
    assert samarinda_api.get("/api/v1/villages/?district=64.72").json()["count"] == 59
    assert samarinda_api.get("/api/v1/villages/").json()["count"] == 1038
    found = samarinda_api.get("/api/v1/villages/?search=air putih").json()
    assert [row["code"] for row in found["results"]] == ["64.72.03.1004"]
    detail = samarinda_api.get("/api/v1/villages/64.72.03.1004/")
    assert detail.json()["name"] == "Air Putih"


def test_an_unknown_filter_value_is_a_400_naming_it(samarinda_api):
    response = samarinda_api.get("/api/v1/villages/?subdistrict=64.99.99")

    assert response.status_code == 400
    assert list(response.json()) == ["subdistrict"]
    response = samarinda_api.get("/api/v1/subdistricts/?district=99.99")
    assert (response.status_code, list(response.json())) == (400, ["district"])


def test_places_need_a_token(client):
    assert client.get("/api/v1/villages/").status_code == 401
    assert client.get("/api/v1/subdistricts/").status_code == 401


def test_place_lists_take_a_constant_number_of_queries(samarinda_api):
    samarinda_api.get("/api/v1/villages/?page_size=1")  # the token's first use

    def queries(size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            samarinda_api.get(f"/api/v1/villages/?page_size={size}")
        return len(ctx.captured_queries)

    assert queries(5) == queries(500)


# --- Addresses by code ------------------------------------------------------------


def test_a_cooperative_takes_a_kecamatan_and_village_by_code(samarinda_api):
    response = samarinda_api.post(
        "/api/v1/cooperatives/",
        {
            "name": "Koperasi Air Putih",
            "kind": "consumer",
            "district": "64.72",
            "sub_district": "64.72.03",
            "village": "64.72.03.1004",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["sub_district"], response.json()["village"]) == (
        "64.72.03",
        "64.72.03.1004",
    )
    listed = samarinda_api.get("/api/v1/cooperatives/").json()["results"]
    assert listed[0]["village"] == "64.72.03.1004"


def test_a_village_outside_the_kecamatan_is_a_400_naming_village(samarinda_api):
    cooperative = CooperativeFactory(sub_district_id="64.72.01")

    response = samarinda_api.patch(
        f"/api/v1/cooperatives/{cooperative.pk}/",
        {"village": "64.72.03.1004"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "village": ["Desa/kelurahan ini tidak berada di kecamatan yang dipilih."]
    }
    assert Cooperative.objects.get(pk=cooperative.pk).village_id is None


def test_a_kecamatan_outside_the_district_is_a_400_naming_sub_district(samarinda_api):
    enterprise = EnterpriseFactory()

    response = samarinda_api.patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        {"sub_district": "64.71.01"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["sub_district"]


def test_an_unknown_village_code_is_a_400_naming_village(samarinda_api):
    enterprise = EnterpriseFactory()

    response = samarinda_api.patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        {"village": "64.72.03.9999"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "village": ["Kode desa/kelurahan 64.72.03.9999 tidak dikenal."]
    }


def test_an_enterprise_given_a_village_alone_gets_its_kecamatan(samarinda_api):
    enterprise = EnterpriseFactory()

    response = samarinda_api.patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        {"village": "64.72.03.1004"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["sub_district"] == "64.72.03"
    saved = Enterprise.objects.get(pk=enterprise.pk)
    assert (saved.sub_district_id, saved.village_id) == ("64.72.03", "64.72.03.1004")
