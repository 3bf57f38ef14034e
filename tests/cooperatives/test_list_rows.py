"""The hot API lists shape `values()` rows with plain functions (cooperatives/api/
rows.py): their JSON must be exactly what the ModelSerializers give for the same
objects — same fields, same order, same formats (money as decimal strings, times in
WITA, districts by code)."""

import datetime
import json
from decimal import Decimal

import pytest
from rest_framework.renderers import JSONRenderer

from accounts.scope import Scope
from cooperatives import selectors
from cooperatives.api import rows
from cooperatives.api.serializers import (
    AnnualReportSerializer,
    CooperativeSerializer,
    CooperativeStatsRowSerializer,
    EnterpriseSerializer,
)
from cooperatives.models import AnnualReport, Cluster, Cooperative, Enterprise
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    district,
)

pytestmark = pytest.mark.django_db


def _serialized(serializer_class, objects) -> list[dict]:
    context = {"scope": Scope.province()}
    data = serializer_class(objects, many=True, context=context).data
    return json.loads(JSONRenderer().render(data))


def _listed(api, url: str) -> list[dict]:
    response = api.get(url)
    assert response.status_code == 200
    # Raw JSON text, so that key order is compared too.
    return json.loads(response.content)["results"]


def test_cooperative_rows_equal_the_serializer(staff_api):
    full = CooperativeFactory(
        name="KSP Lengkap",
        cluster=Cluster.objects.order_by("pk").first(),
        sub_district=district("64.72").sub_districts.order_by("code").first(),
        legal_entity_date=datetime.date(2012, 5, 2),
        established_on=datetime.date(2011, 1, 3),
        phone="081234567890",
        email="ksp@example.id",
        sector="K",
        loop_status="closed",
        postal_code="75117",
    )
    AnnualReportFactory(
        cooperative=full,
        fiscal_year=2024,
        rat_held_on=datetime.date(2025, 3, 1),
        members_male=12,
        members_female=9,
        status="verified",
    )
    Cooperative.objects.filter(pk=full.pk).update(last_rat_on=datetime.date(2025, 3, 1))
    CooperativeFactory(name="Koperasi Kosong", nik=None)

    expected = _serialized(
        CooperativeSerializer,
        selectors.with_member_counts(
            list(
                selectors.cooperative_list(scope=Scope.province()).order_by(
                    "name", "id"
                )
            )
        ),
    )

    listed = _listed(staff_api, "/api/v1/cooperatives/")
    assert listed == expected
    assert [list(row) for row in listed] == [list(row) for row in expected]
    lengkap = next(row for row in listed if row["id"] == full.pk)
    assert lengkap["member_count"] == 21
    assert lengkap["cluster"] is not None
    assert lengkap["is_active"] is True


def test_enterprise_rows_equal_the_serializer(staff_api):
    cooperative = CooperativeFactory()
    EnterpriseFactory(
        name="Usaha Penuh",
        cooperative=cooperative,
        annual_revenue=Decimal("1250000.5"),
        business_capital=Decimal("7"),
        sub_district_id="64.72.08",
        village_id="64.72.08.1002",
    )
    EnterpriseFactory(name="Usaha Tanpa Omzet", annual_revenue=None, nib=None)

    expected = _serialized(
        EnterpriseSerializer,
        Enterprise.objects.select_related("owner").order_by("name", "id"),
    )

    listed = _listed(staff_api, "/api/v1/enterprises/")
    assert listed == expected
    assert [list(row) for row in listed] == [list(row) for row in expected]
    assert listed[0]["annual_revenue"] == "1250000.50"
    assert listed[1]["annual_revenue"] is None
    assert "*" in listed[0]["owner_nik"]


def test_annual_report_rows_equal_the_serializer(staff_api, staff_user):
    AnnualReportFactory(fiscal_year=2023, status="verified", surplus=Decimal("-50"))
    submitted = AnnualReportFactory(fiscal_year=2024, status="submitted")
    AnnualReport.objects.filter(pk=submitted.pk).update(
        submitted_at=datetime.datetime(2025, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)
    )
    AnnualReportFactory(fiscal_year=2024, rat_held_on=None)

    expected = _serialized(
        AnnualReportSerializer, AnnualReport.objects.order_by("-fiscal_year", "id")
    )

    listed = _listed(staff_api, "/api/v1/annual-reports/")
    assert listed == expected
    assert [list(row) for row in listed] == [list(row) for row in expected]
    assert listed[0]["submitted_at"] == "2025-02-03T12:05:06.000789+08:00"
    assert listed[2]["surplus"] == "-50.00"


def test_rows_follow_filters_search_ordering_and_pages(staff_api):
    for name in ["Cempaka", "Anggrek", "Bougenvil", "Dahlia"]:
        CooperativeFactory(name=f"Koperasi {name}")
    CooperativeFactory(name="Koperasi Elok", district=district("64.71"))

    def names(query):
        return [r["name"] for r in _listed(staff_api, f"/api/v1/cooperatives/?{query}")]

    assert names("page_size=2&page=2") == ["Koperasi Cempaka", "Koperasi Dahlia"]
    assert names("ordering=-name&page_size=2") == ["Koperasi Elok", "Koperasi Dahlia"]
    assert names("district=64.71") == ["Koperasi Elok"]
    assert names("search=GENVI") == ["Koperasi Bougenvil"]
    assert staff_api.get("/api/v1/cooperatives/?page=9").status_code == 404


def test_statistics_rows_equal_the_serializer():
    AnnualReportFactory(
        fiscal_year=2024,
        rat_held_on=datetime.date(2025, 3, 1),
        status="verified",
        own_capital=Decimal("100.5"),
        surplus=Decimal("-50"),
    )
    CooperativeFactory(district=district("64.71"))
    figures = selectors.cooperative_stats(scope=Scope.province(), year=2024)

    shaped = rows.statistics_rows(figures)

    expected = json.loads(
        JSONRenderer().render(CooperativeStatsRowSerializer(figures, many=True).data)
    )
    assert shaped == expected
    assert [list(row) for row in shaped] == [list(row) for row in expected]
    samarinda = next(row for row in shaped if row["district"] == "64.72")
    assert samarinda["own_capital"] == "100.50"
    assert samarinda["surplus"] == "-50.00"
    assert samarinda["assets"] == "400000000.00"
