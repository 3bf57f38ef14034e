import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.scope import Scope
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def province():
    for code in ("64.72", "64.71"):
        cooperative = CooperativeFactory(district=district(code))
        AnnualReportFactory(
            cooperative=cooperative,
            fiscal_year=YEAR - 1,
            status="verified",
            rat_held_on=datetime.date(YEAR, 2, 1),
            members_male=10,
            members_female=7,
        )
        cooperative.last_rat_on = datetime.date(YEAR, 2, 1)
        cooperative.save()
        CooperativeFactory(district=district(code))
    EnterpriseFactory()


def test_staff_dashboard_shows_key_figures_matching_the_api(
    province, staff_client, staff_api
):
    page = staff_client.get("/dashboard/").content.decode()
    api = staff_api.get(f"/api/v1/statistics/cooperatives/?year={YEAR}").json()[
        "results"
    ]

    active = sum(row["active"] for row in api)
    assert active == 2
    assert f'<dd class="figure">{active}</dd>' in page
    assert '<dd class="figure">4</dd>' in page  # registered cooperatives
    assert '<dd class="figure">34</dd>' in page  # members of fiscal year YEAR-1
    assert "<svg" in page
    assert "Kota Samarinda" in page


def test_district_staff_see_only_their_district(province, client):
    client.force_login(DistrictUserFactory())

    page = client.get("/dashboard/").content.decode()

    assert "Kota Samarinda" in page
    assert "Kota Balikpapan</th>" not in page
    assert '<dd class="figure">2</dd>' in page


def test_officers_cannot_open_the_dashboard(client):
    client.force_login(officer_of(CooperativeFactory()))

    assert client.get("/dashboard/").status_code == 404


def test_anonymous_is_asked_to_sign_in(client):
    assert client.get("/dashboard/").status_code == 302


def test_dashboard_query_count_is_constant(province, staff_client):
    staff_client.get("/dashboard/")
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/dashboard/")
    for _ in range(10):
        AnnualReportFactory(
            fiscal_year=YEAR - 1,
            status="verified",
            rat_held_on=datetime.date(YEAR, 1, 5),
        )
        EnterpriseFactory()

    with CaptureQueriesContext(connection) as many:
        staff_client.get("/dashboard/")

    assert len(many) == len(few)


def test_dashboard_financing_figures_match_the_portfolio_api(
    financing_data, staff_client, staff_api
):
    from reports.selectors import financing_figures

    today = timezone.localdate()
    api = staff_api.get("/api/v1/financing/portfolio/").json()

    figures = financing_figures(scope=Scope.province(), today=today)

    in_window = [m for m in figures["months"] if m["disbursed"]]
    assert len(figures["months"]) == 12
    assert sum(m["disbursed"] for m in figures["months"]) == 60_000_000  # L1-L3
    assert sum(m["loans"] for m in in_window) == 3
    assert figures["outstanding"] == Decimal(str(api["outstanding"])) == 48_000_000
    assert [b["par"] for b in figures["bands"]] == [
        Decimal(str(b["par"])) for b in api["par_bands"]
    ]
    assert [b["par_percent"] for b in figures["bands"]] == [
        Decimal("100.0"),
        Decimal("83.3"),
        Decimal("52.1"),
        Decimal("52.1"),
    ]


def test_dashboard_disbursed_key_figure_with_the_change_from_last_year(
    staff_client,
):
    from tests.financing.factories import LoanFactory

    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1, day=min(today.day, 28))
    for day, millions in [
        (today.replace(day=1), 12),
        (today.replace(month=1, day=1), 3),
        (last_year, 5),
        (today.replace(year=today.year - 2, day=min(today.day, 28)), 7),
    ]:
        amount = Decimal(millions * 1_000_000)
        LoanFactory(disbursed_on=day, principal=amount, outstanding_principal=amount)

    page = staff_client.get("/dashboard/").content.decode()

    assert "Pembiayaan tersalurkan" in page
    assert ">Rp15.000.000</dd>" in page
    assert "+Rp10.000.000 dari periode yang sama tahun lalu" in page
    assert 'id="chart-financing"' in page
    assert 'id="chart-par"' in page
    if today.month != 1:  # in January this month's row holds both loans
        assert "<td>Rp12.000.000</td>" in page  # this month's row of the table


def test_district_dashboard_shows_only_its_districts_financing(financing_data, client):
    client.force_login(DistrictUserFactory())

    page = client.get("/dashboard/").content.decode()

    assert "Rp23.000.000" in page  # Samarinda's outstanding
    assert "Rp48.000.000" not in page  # the province's
    assert "Rp25.000.000" not in page  # Balikpapan's loan in arrears


def test_dashboard_query_count_is_constant_with_financing(financing_data, staff_client):
    from tests.financing.factories import LoanFactory

    staff_client.get("/dashboard/")
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/dashboard/")
    for months_back in range(10):
        LoanFactory(
            disbursed_on=timezone.localdate()
            - datetime.timedelta(days=30 * months_back)
        )

    with CaptureQueriesContext(connection) as many:
        staff_client.get("/dashboard/")

    assert len(many) == len(few)


def test_dashboard_charts_par_30_by_month_from_the_snapshots(
    financing_data, staff_client, client
):
    from financing.services import portfolio_snapshot_take

    page = staff_client.get("/dashboard/").content.decode()
    assert "Belum ada potret portofolio bulanan." in page

    portfolio_snapshot_take()

    page = staff_client.get("/dashboard/").content.decode()
    assert 'id="chart-par-months"' in page
    assert "PAR 30 per bulan" in page
    # L2 and L3 are more than 30 days past due: 40 M of the 48 M outstanding.
    assert "<td>Rp40.000.000</td><td>83,3%</td>" in page
    client.force_login(DistrictUserFactory())
    page = client.get("/dashboard/").content.decode()
    assert "<td>Rp15.000.000</td><td>65,2%</td>" in page  # Samarinda: 15 of 23 M
