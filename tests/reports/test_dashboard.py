import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.selectors import cooperative_stats
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


def test_map_shades_follow_the_share_of_active_cooperatives(province):
    from reports.dashboard import district_map, map_shading

    shaded = map_shading(cooperative_stats(scope=Scope.province(), year=YEAR))
    svg = district_map(shaded)

    samarinda = next(row for row in shaded if row["district"] == "64.72")
    assert samarinda["share"] == 0.5
    assert 'data-code="64.72" cx' in svg
    assert samarinda["shade"] in svg
