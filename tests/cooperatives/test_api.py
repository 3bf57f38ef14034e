"""Registry API per resource and role: scope, writes, validation, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import AnnualReport, Cooperative, Enterprise
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    district,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_districts():
    samarinda = CooperativeFactory(
        name="Koperasi Samarinda", district=district("64.72")
    )
    balikpapan = CooperativeFactory(
        name="Koperasi Balikpapan", district=district("64.71")
    )
    return samarinda, balikpapan


# --- Districts -------------------------------------------------------------------


def test_districts_lists_the_ten_by_kemendagri_code(samarinda_api):
    response = samarinda_api.get("/api/v1/districts/")

    body = response.json()
    codes = [row["code"] for row in body["results"]]
    assert body["count"] == len(codes) == 10
    assert body["next"] is None
    assert {"code": "64.02", "bps_code": "6403"}.items() <= body["results"][1].items()


# --- Cooperatives: scope ---------------------------------------------------------


def test_cooperative_list_shows_only_the_tokens_district(two_districts, samarinda_api):
    response = samarinda_api.get("/api/v1/cooperatives/")

    assert [row["name"] for row in response.json()["results"]] == ["Koperasi Samarinda"]


def test_cooperative_list_for_staff_shows_all(two_districts, staff_api):
    response = staff_api.get("/api/v1/cooperatives/")

    assert response.json()["count"] == 2


def test_cooperative_detail_out_of_scope_is_404(
    two_districts, samarinda_api, balikpapan_api
):
    samarinda, balikpapan = two_districts

    assert samarinda_api.get(f"/api/v1/cooperatives/{samarinda.pk}/").status_code == 200
    assert (
        samarinda_api.get(f"/api/v1/cooperatives/{balikpapan.pk}/").status_code == 404
    )
    assert (
        balikpapan_api.get(f"/api/v1/cooperatives/{samarinda.pk}/").status_code == 404
    )
    assert (
        samarinda_api.patch(
            f"/api/v1/cooperatives/{balikpapan.pk}/", {"name": "x"}, format="json"
        ).status_code
        == 404
    )


def test_cooperative_create_in_scope(samarinda_api):
    body = {
        "nik": "6472010203040506",
        "name": "Koperasi Produsen Tenun Samarinda",
        "kind": "producer",
        "district": "64.72",
        "sub_district": "64.72.02",
        "phone": "0812-5555-1234",
        "npwp": "01.234.567.8-901.000",
        "legal_entity_number": "AHU-0005202.AH.01.26.TAHUN 2020",
        "legal_entity_date": "2020-03-02",
        "established_on": "2020-01-15",
    }

    response = samarinda_api.post("/api/v1/cooperatives/", body, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["phone"] == "+6281255551234"
    assert data["npwp"] == "0012345678901000"
    assert data["is_active"] is False
    assert data["last_rat_year"] is None
    assert Cooperative.objects.get(pk=data["id"]).district_id == "64.72"


def test_cooperative_create_in_another_district_is_400_naming_district(samarinda_api):
    response = samarinda_api.post(
        "/api/v1/cooperatives/",
        {"name": "X", "kind": "consumer", "district": "64.71"},
        format="json",
    )

    assert response.status_code == 400
    assert "district" in response.json()


def test_cooperative_move_to_another_district_is_400(two_districts, samarinda_api):
    samarinda, _ = two_districts

    response = samarinda_api.patch(
        f"/api/v1/cooperatives/{samarinda.pk}/", {"district": "64.71"}, format="json"
    )

    assert response.status_code == 400
    assert "district" in response.json()


def test_staff_can_create_anywhere(staff_api):
    response = staff_api.post(
        "/api/v1/cooperatives/",
        {"name": "X", "kind": "consumer", "district": "64.01"},
        format="json",
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nik", "123"),
        ("nik", "64720000000000AB"),
        ("kind", "bank"),
        ("district", "99.99"),
        ("sub_district", "64.71.01"),
        ("phone", "12345"),
        ("npwp", "123"),
        ("email", "bukan-surel"),
        ("name", ""),
        ("name", "x" * 201),
        ("established_on", "kemarin"),
        ("status", "active"),
    ],
)
def test_cooperative_bad_input_is_400_naming_the_field(samarinda_api, field, value):
    body = {
        "name": "Koperasi Uji",
        "kind": "consumer",
        "district": "64.72",
        field: value,
    }

    response = samarinda_api.post("/api/v1/cooperatives/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_cooperative_duplicate_nik_is_400(samarinda_api):
    CooperativeFactory(nik="6472999988887777")

    response = samarinda_api.post(
        "/api/v1/cooperatives/",
        {
            "nik": "6472999988887777",
            "name": "X",
            "kind": "consumer",
            "district": "64.72",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "nik" in response.json()


def test_cooperative_derived_fields_are_read_only(two_districts, samarinda_api):
    samarinda, _ = two_districts

    response = samarinda_api.patch(
        f"/api/v1/cooperatives/{samarinda.pk}/",
        {"is_active": True, "last_rat_year": 2025, "member_count": 99},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert response.json()["member_count"] is None


def test_cooperative_filters(staff_api, staff_user):
    active = CooperativeFactory(kind="producer", district=district("64.72"))
    AnnualReportFactory(
        cooperative=active,
        fiscal_year=2025,
        rat_held_on=datetime.date(2026, 2, 1),
        status="verified",
    )
    Cooperative.objects.filter(pk=active.pk).update(
        last_rat_on=datetime.date(2026, 2, 1)
    )
    CooperativeFactory(kind="consumer", district=district("64.71"))
    CooperativeFactory(kind="consumer", district=district("64.72"), status="dissolved")

    def ids(query):
        return {
            row["id"]
            for row in staff_api.get(f"/api/v1/cooperatives/?{query}").json()["results"]
        }

    assert ids("is_active=true") == {active.pk}
    assert len(ids("is_active=false")) == 2
    assert ids("kind=producer") == {active.pk}
    assert len(ids("district=64.72")) == 2
    assert len(ids("status=dissolved")) == 1
    assert staff_api.get("/api/v1/cooperatives/?district=99.99").status_code == 400
    assert staff_api.get("/api/v1/cooperatives/?kind=bank").status_code == 400


def test_cooperative_search_and_ordering(staff_api):
    CooperativeFactory(name="KSP Sumber Rejeki", nik="6472111122223333")
    CooperativeFactory(name="KSP Alfa Mahakam")

    by_name = staff_api.get("/api/v1/cooperatives/?search=rejeki").json()["results"]
    by_nik = staff_api.get("/api/v1/cooperatives/?search=6472111122223333").json()[
        "results"
    ]
    ordered = staff_api.get("/api/v1/cooperatives/?ordering=-name").json()["results"]

    assert [r["name"] for r in by_name] == ["KSP Sumber Rejeki"]
    assert [r["name"] for r in by_nik] == ["KSP Sumber Rejeki"]
    assert [r["name"] for r in ordered][-1] == "KSP Alfa Mahakam"


def test_cooperative_member_count_is_from_the_latest_verified_report(samarinda_api):
    cooperative = CooperativeFactory()
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2023,
        members_male=10,
        members_female=5,
        status="verified",
    )
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2024,
        members_male=20,
        members_female=7,
        status="verified",
    )
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2025,
        members_male=99,
        members_female=0,
        rat_held_on=datetime.date(2026, 3, 1),
    )

    response = samarinda_api.get(f"/api/v1/cooperatives/{cooperative.pk}/")

    assert response.json()["member_count"] == 27


def test_pagination_page_size_is_capped_at_500(staff_api):
    CooperativeFactory.create_batch(3)

    response = staff_api.get("/api/v1/cooperatives/?page_size=2")
    huge = staff_api.get("/api/v1/cooperatives/?page_size=100000")

    assert len(response.json()["results"]) == 2
    assert response.json()["next"] is not None
    assert huge.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    ("url", "factory"),
    [
        (
            "/api/v1/cooperatives/",
            lambda: AnnualReportFactory(status="verified").cooperative,
        ),
        ("/api/v1/annual-reports/", AnnualReportFactory),
        ("/api/v1/enterprises/", EnterpriseFactory),
    ],
)
def test_list_query_count_is_constant_in_rows(staff_api, url, factory):
    for _ in range(10):
        factory()
    staff_api.get(url)  # the token's first use also records last_used_at
    with CaptureQueriesContext(connection) as few:
        assert staff_api.get(url + "?page_size=500").status_code == 200
    for _ in range(190):
        factory()

    with CaptureQueriesContext(connection) as many:
        response = staff_api.get(url + "?page_size=500")

    assert response.json()["count"] >= 200
    assert len(many) == len(few)


# --- Annual reports --------------------------------------------------------------


def test_annual_report_list_and_detail_are_scoped(two_districts, samarinda_api):
    samarinda, balikpapan = two_districts
    mine = AnnualReportFactory(cooperative=samarinda)
    theirs = AnnualReportFactory(cooperative=balikpapan)

    listed = samarinda_api.get("/api/v1/annual-reports/").json()["results"]

    assert [r["id"] for r in listed] == [mine.pk]
    assert samarinda_api.get(f"/api/v1/annual-reports/{theirs.pk}/").status_code == 404


def test_annual_report_file_and_verify_by_district(two_districts, samarinda_api):
    samarinda, _ = two_districts
    body = {
        "cooperative": samarinda.pk,
        "fiscal_year": 2025,
        "rat_held_on": "2026-03-14",
        "members_male": 120,
        "members_female": 95,
        "own_capital": "1250000000.00",
        "external_capital": "300000000",
        "assets": "1800000000",
        "business_volume": "4200000000",
        "surplus": "-15000000",
    }

    created = samarinda_api.post("/api/v1/annual-reports/", body, format="json")
    report_id = created.json()["id"]
    verified = samarinda_api.post(f"/api/v1/annual-reports/{report_id}/verify/")

    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    assert created.json()["own_capital"] == "1250000000.00"
    assert verified.status_code == 200, verified.json()
    assert verified.json()["status"] == "verified"
    cooperative = samarinda_api.get(f"/api/v1/cooperatives/{samarinda.pk}/").json()
    assert cooperative["is_active"] is True
    assert cooperative["last_rat_year"] == 2026
    assert cooperative["member_count"] == 215


def test_annual_report_for_a_cooperative_out_of_scope_is_400(
    two_districts, samarinda_api
):
    _, balikpapan = two_districts

    response = samarinda_api.post(
        "/api/v1/annual-reports/",
        {"cooperative": balikpapan.pk, "fiscal_year": 2025},
        format="json",
    )

    assert response.status_code == 400
    assert "cooperative" in response.json()


def test_verify_out_of_scope_is_404(two_districts, balikpapan_api):
    samarinda, _ = two_districts
    report = AnnualReportFactory(cooperative=samarinda, status="submitted")

    response = balikpapan_api.post(f"/api/v1/annual-reports/{report.pk}/verify/")

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_return_needs_a_reason_and_then_the_cooperative_can_resubmit(
    two_districts, samarinda_api
):
    samarinda, _ = two_districts
    report = AnnualReportFactory(cooperative=samarinda, status="submitted")
    url = f"/api/v1/annual-reports/{report.pk}/"

    no_reason = samarinda_api.post(url + "return/", {}, format="json")
    returned = samarinda_api.post(
        url + "return/", {"reason": "Tanggal RAT keliru"}, format="json"
    )
    fixed = samarinda_api.patch(url, {"rat_held_on": "2025-04-01"}, format="json")
    resubmitted = samarinda_api.post(url + "submit/")

    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "Tanggal RAT keliru"
    assert fixed.status_code == 200
    assert resubmitted.json()["status"] == "submitted"


def test_verified_report_cannot_be_changed(samarinda_api):
    report = AnnualReportFactory(status="verified")

    response = samarinda_api.patch(
        f"/api/v1/annual-reports/{report.pk}/", {"members_male": 1}, format="json"
    )

    assert response.status_code == 400
    report.refresh_from_db()
    assert report.members_male == 40


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fiscal_year", 2099),
        ("fiscal_year", "dua ribu"),
        ("rat_held_on", "2024-06-01"),
        ("rat_held_on", "2099-01-01"),
        ("own_capital", "-1"),
        ("own_capital", "1" * 30),
        ("members_male", -3),
        ("assets", "abc"),
    ],
)
def test_annual_report_bad_input_is_400_naming_the_field(samarinda_api, field, value):
    cooperative = CooperativeFactory()
    body = {"cooperative": cooperative.pk, "fiscal_year": 2024, field: value}

    response = samarinda_api.post("/api/v1/annual-reports/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_second_report_for_the_same_year_is_400(samarinda_api):
    report = AnnualReportFactory()

    response = samarinda_api.post(
        "/api/v1/annual-reports/",
        {"cooperative": report.cooperative_id, "fiscal_year": report.fiscal_year},
        format="json",
    )

    assert response.status_code == 400
    assert AnnualReport.objects.count() == 1


def test_annual_report_filters(staff_api):
    a = AnnualReportFactory(fiscal_year=2024, status="verified")
    AnnualReportFactory(fiscal_year=2023, cooperative=a.cooperative)
    AnnualReportFactory(
        fiscal_year=2024, cooperative=CooperativeFactory(district=district("64.71"))
    )

    def count(query):
        return staff_api.get(f"/api/v1/annual-reports/?{query}").json()["count"]

    assert count("fiscal_year=2024") == 2
    assert count("status=verified") == 1
    assert count(f"cooperative={a.cooperative_id}") == 2
    assert count("district=64.71") == 1


# --- Enterprises -----------------------------------------------------------------


def test_enterprise_create_registers_the_owner_and_derives_scale(samarinda_api):
    body = {
        "nib": "9120301234567",
        "name": "Amplang Ikan Pipih Bu Sari",
        "owner_nik": "6472034512800003",
        "owner_name": "Sari Wulandari",
        "district": "64.72",
        "kbli": "10794",
        "business_capital": "150000000",
        "annual_revenue": "2500000000",
        "employees": 6,
    }

    response = samarinda_api.post("/api/v1/enterprises/", body, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["scale"] == "small"
    assert data["owner_name"] == "Sari Wulandari"
    assert data["owner_nik"] == "6472********0003"
    owner = Enterprise.objects.get(pk=data["id"]).owner
    assert owner.sex == "female"


def test_enterprise_scope_and_filters(samarinda_api):
    mine = EnterpriseFactory(annual_revenue=None, business_capital=6_000_000_000)
    EnterpriseFactory(district=district("64.71"))

    listed = samarinda_api.get("/api/v1/enterprises/?scale=medium").json()["results"]

    assert [r["id"] for r in listed] == [mine.pk]
    assert samarinda_api.get("/api/v1/enterprises/?scale=huge").status_code == 400


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nib", "12345"),
        ("kbli", "1079"),
        ("owner_nik", "6472031380800003"),
        ("business_capital", "-5"),
        ("district", "64.71"),
        ("employees", "banyak"),
    ],
)
def test_enterprise_bad_input_is_400_naming_the_field(samarinda_api, field, value):
    body = {
        "name": "Usaha",
        "owner_nik": "6472031205800003",
        "owner_name": "Budi",
        "district": "64.72",
        "kbli": "10794",
        field: value,
    }

    response = samarinda_api.post("/api/v1/enterprises/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_district_cannot_override_scale(samarinda_api):
    enterprise = EnterpriseFactory()

    response = samarinda_api.patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        {"scale_override": "medium", "scale_override_reason": "survei"},
        format="json",
    )

    assert response.status_code == 400
    assert "scale_override" in response.json()


def test_staff_scale_override_is_recorded(staff_api):
    enterprise = EnterpriseFactory()

    response = staff_api.patch(
        f"/api/v1/enterprises/{enterprise.pk}/",
        {"scale_override": "medium", "scale_override_reason": "Hasil survei lapangan"},
        format="json",
    )

    assert response.json()["scale"] == "medium"
    enterprise.refresh_from_db()
    assert enterprise.scale_override_by is not None


# --- Statistics ------------------------------------------------------------------


def test_statistics_per_district_for_a_year(staff_api, samarinda_api):
    verified = AnnualReportFactory(
        fiscal_year=2024,
        rat_held_on=datetime.date(2025, 3, 1),
        status="verified",
        members_male=10,
        members_female=5,
        own_capital=100,
        business_volume=1000,
        surplus=-50,
    )
    AnnualReportFactory(fiscal_year=2024, status="submitted")
    CooperativeFactory(status="dissolved")
    CooperativeFactory(district=district("64.71"))

    rows = {
        r["district"]: r
        for r in staff_api.get("/api/v1/statistics/cooperatives/?year=2025").json()[
            "results"
        ]
    }
    fy2024 = {
        r["district"]: r
        for r in staff_api.get("/api/v1/statistics/cooperatives/?year=2024").json()[
            "results"
        ]
    }
    mine = samarinda_api.get("/api/v1/statistics/cooperatives/?year=2024").json()[
        "results"
    ]

    assert len(rows) == 10
    assert rows["64.72"]["total"] == 2
    assert rows["64.72"]["active"] == 1
    assert rows["64.71"] == {
        **rows["64.71"],
        "total": 1,
        "active": 0,
        "rat_reported": 0,
    }
    assert fy2024["64.72"]["rat_reported"] == 1
    assert fy2024["64.72"]["members"] == 15
    assert fy2024["64.72"]["own_capital"] == "100.00"
    assert fy2024["64.72"]["surplus"] == "-50.00"
    assert fy2024["64.72"]["active"] == 0  # its RAT was held in 2025
    assert [r["district"] for r in mine] == ["64.72"]
    assert verified.district_id == "64.72"


@pytest.mark.parametrize("year", ["abc", "1900", "99999"])
def test_statistics_bad_year_is_400(staff_api, year):
    response = staff_api.get(f"/api/v1/statistics/cooperatives/?year={year}")

    assert response.status_code == 400
    assert "year" in response.json()


def test_statistics_query_count_is_constant(staff_api):
    staff_api.get("/api/v1/statistics/cooperatives/?year=2025")
    with CaptureQueriesContext(connection) as few:
        staff_api.get("/api/v1/statistics/cooperatives/?year=2025")
    for _ in range(20):
        AnnualReportFactory(
            fiscal_year=2025, rat_held_on=datetime.date(2026, 2, 2), status="verified"
        )

    with CaptureQueriesContext(connection) as many:
        staff_api.get("/api/v1/statistics/cooperatives/?year=2025")

    assert len(many) == len(few)
