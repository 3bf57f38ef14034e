"""The registry's stored figures (cooperatives.selectors.figures): equal to the live
ones, read from the store while current, live again after any write, and the
enterprise list's exact count taken from them when the list filters nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.scope import Scope
from cooperatives.selectors import (
    cooperative_stats,
    cooperative_stats_by_year,
    enterprise_count,
    enterprise_verified_counts,
)
from core.figures import families_current, family_refresh
from tests.cooperatives.test_imports_first_load import load
from tests.cooperatives.test_imports_services import enterprise_row
from tests.factories import AnnualReportFactory, EnterpriseFactory, district

pytestmark = pytest.mark.django_db

YEARS = [2023, 2024, 2025]
STATISTICS = "/api/v1/statistics/cooperatives/?year=2024"
ENTERPRISES = "/api/v1/enterprises/?page_size=2"


@pytest.fixture
def registry():
    for code, capital in (("64.72", "100.50"), ("64.71", "0.25")):
        AnnualReportFactory(
            cooperative__district=district(code),
            fiscal_year=2024,
            rat_held_on=datetime.date(2025, 3, 1),
            status="verified",
            own_capital=Decimal(capital),
        )
    EnterpriseFactory()
    EnterpriseFactory(district=district("64.71"), status="pending")
    EnterpriseFactory(district=district("64.71"), annual_revenue=Decimal(4 * 10**9))


def _refreshed(*families: str) -> None:
    for family in families:
        assert family_refresh(family=family)


def test_stored_statistics_equal_the_live_ones_in_one_query(registry):
    live = {
        year: cooperative_stats(scope=Scope.province(), year=year) for year in YEARS
    }
    _refreshed("registry")

    with CaptureQueriesContext(connection) as queries:
        stored = cooperative_stats_by_year(scope=Scope.province(), years=YEARS)

    assert stored == live
    assert len(queries) == 1
    assert stored[2024][-2]["own_capital"] == Decimal("100.50")  # 64.72, exact


def test_a_write_makes_the_next_statistics_live_and_exact(registry, staff_api):
    _refreshed("registry")
    before = staff_api.get(STATISTICS).json()["results"]

    AnnualReportFactory(
        cooperative__district=district("64.72"),
        fiscal_year=2024,
        status="verified",
        own_capital=Decimal("7.00"),
    )
    after = staff_api.get(STATISTICS).json()["results"]

    samarinda = next(row for row in after if row["district"] == "64.72")
    assert samarinda["rat_reported"] == 2
    assert samarinda["own_capital"] == "107.50"
    assert after != before
    assert not families_current()["registry"]


def test_the_statistics_endpoint_reads_the_stored_rows(registry, staff_api):
    staff_api.get(STATISTICS)
    with CaptureQueriesContext(connection) as live:
        live_rows = staff_api.get(STATISTICS).json()["results"]
    _refreshed("registry")

    with CaptureQueriesContext(connection) as stored:
        stored_rows = staff_api.get(STATISTICS).json()["results"]

    assert stored_rows == live_rows
    assert len(stored) == len(live) - 3  # one read for the two groups and districts


def test_a_district_counts_its_statistics_live(registry, samarinda_api):
    expected = samarinda_api.get(STATISTICS).json()["results"]
    _refreshed("registry")

    with CaptureQueriesContext(connection) as queries:
        rows = samarinda_api.get(STATISTICS).json()["results"]

    assert rows == expected
    assert not any("figure_set" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("scope", [Scope.province(), Scope.district("64.71")])
@pytest.mark.parametrize("by", ["district", "scale"])
def test_stored_enterprise_counts_equal_the_live_ones(registry, scope, by):
    live = enterprise_verified_counts(scope=scope, by=by)
    _refreshed("enterprises")

    stored = enterprise_verified_counts(scope=scope, by=by)

    assert stored == live
    assert enterprise_count(scope=scope) == (3 if scope.everything else 2)


def test_the_enterprise_list_counts_from_the_stored_figures(registry, staff_api):
    live = staff_api.get(ENTERPRISES).json()
    _refreshed("enterprises")

    with CaptureQueriesContext(connection) as queries:
        stored = staff_api.get(ENTERPRISES).json()

    assert stored == live
    assert stored["count"] == 3
    assert not any("count(*)" in q["sql"] for q in queries.captured_queries)


def test_the_enterprise_list_count_after_a_write_is_live_and_exact(
    registry, staff_api, balikpapan_api
):
    _refreshed("enterprises")

    EnterpriseFactory(district=district("64.71"))

    assert staff_api.get(ENTERPRISES).json()["count"] == 4
    assert balikpapan_api.get(ENTERPRISES).json()["count"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [("&district=64.71", 2), ("&scale=small", 1), ("&search=zzz", 0), ("&x=1", 3)],
)
def test_a_filtered_enterprise_list_counts_live(registry, staff_api, query, expected):
    _refreshed("enterprises")

    with CaptureQueriesContext(connection) as queries:
        count = staff_api.get(ENTERPRISES + query).json()["count"]

    assert count == expected
    assert any("count(*)" in q["sql"] for q in queries.captured_queries)


def test_a_district_token_counts_its_district_from_the_stored_figures(
    registry, balikpapan_api
):
    _refreshed("enterprises")

    with CaptureQueriesContext(connection) as queries:
        body = balikpapan_api.get(ENTERPRISES).json()

    assert body["count"] == 2
    assert len(body["results"]) == 2
    assert not any("count(*)" in q["sql"] for q in queries.captured_queries)


def test_a_first_load_touches_the_enterprises(settings, monkeypatch):
    from cooperatives.services.imports import running

    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    monkeypatch.setattr(running, "BATCH_ROWS", 2)
    _refreshed("enterprises")
    assert enterprise_count(scope=Scope.province()) == 0

    job = load([enterprise_row(n) for n in range(1, 4)])

    assert job.status == "done"
    assert not families_current()["enterprises"]
    assert enterprise_count(scope=Scope.province()) is None
