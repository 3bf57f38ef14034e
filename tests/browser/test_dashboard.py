"""Staff open the dashboard on a desktop and on a phone: the key figures, a chart,
the district map and the financing tables are there, and axe finds nothing
serious; the map's indicator switch and a regency's kecamatan map work without
script, and fit a phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CooperativeFactory, StaffFactory, district
from tests.financing.factories import LoanFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-kuat-2026"


def _admin_sign_in(page, base, username):
    page.goto(f"{base}/admin/login/?next=/dashboard/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/dashboard/")


@pytest.mark.parametrize(
    ("width", "height"), [(1280, 900), (360, 800)], ids=["1280", "360"]
)
def test_staff_open_the_dashboard(
    live_server, new_page, screenshot, axe_violations, width, height
):
    for code in ("64.72", "64.71", "64.02"):
        CooperativeFactory(district=district(code))
    LoanFactory(disbursed_on=timezone.localdate().replace(day=1))
    StaffFactory(username="staf.dasbor")
    page = new_page(viewport={"width": width, "height": height})

    _admin_sign_in(page, live_server.url, "staf.dasbor")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Dasbor")
    expect(page.locator("dt", has_text="Pembiayaan tersalurkan")).to_be_visible()
    canvas = page.locator("canvas#chart-financing")
    assert canvas.count() == 1
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('chart-financing'))"
    )
    assert page.locator(".district-map > svg").count() == 1
    assert page.locator(".district-map > svg [data-code]").count() == 10
    assert page.locator(".district-map > svg path").count() == 10
    expect(page.locator("#par-heading")).to_be_visible()
    screenshot(page, f"dashboard-{width}")
    assert axe_violations(page) == []
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize(
    ("width", "height"), [(1280, 900), (360, 800)], ids=["1280", "360"]
)
def test_staff_switch_the_map_and_open_a_regency(
    live_server, new_page, screenshot, axe_violations, width, height
):
    from cooperatives.models import SubDistrict

    for code in ("64.72", "64.71", "64.72"):
        CooperativeFactory(district=district(code))
    CooperativeFactory(sub_district=SubDistrict.objects.get(pk="64.72.01"))
    StaffFactory(username="staf.peta")
    page = new_page(viewport={"width": width, "height": height})
    _admin_sign_in(page, live_server.url, "staf.peta")

    page.get_by_role("link", name="Koperasi terdaftar", exact=True).click()
    page.wait_for_url("**/dashboard/?peta=koperasi#peta")
    samarinda = page.locator('.district-map a[data-code="64.72"] path')
    assert samarinda.get_attribute("class") == "map-q4"
    assert page.locator(".map-legend li").count() >= 2
    screenshot(page, f"dashboard-map-{width}")
    assert axe_violations(page) == []

    page.locator('.district-map a[data-code="64.72"]').click()
    page.wait_for_url("**/dashboard/peta/64.72/")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Kota Samarinda")
    assert page.locator(".district-map > svg path").count() == 10
    assert page.locator('path[data-code="64.72.01"]').get_attribute("class") == "map-q4"
    screenshot(page, f"district-map-{width}")
    assert axe_violations(page) == []
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
