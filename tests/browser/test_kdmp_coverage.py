"""The KDMP coverage page on a 360-pixel phone and a 1280-pixel desktop: a
district user reaches it from the top menu, reads the counts and the village
list in all three states, and narrows it to one kecamatan."""

import pytest

from cooperatives.models import KdmpUnit
from tests.cooperatives.kdmp_factories import kdmp_of
from tests.factories import DistrictUserFactory, district

from .conftest import DESKTOP, PHONE
from .test_report_flow import _sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, 360), (DESKTOP, 1280)], ids=["phone", "desktop"]
)
def test_a_district_user_reads_kdmp_coverage(
    live_server, new_page, screenshot, axe_violations, viewport, size
):
    DistrictUserFactory(username="dinas.kdmp", district=district("64.72"))
    kdmp_of(
        "64.72.01.1001",
        units=[KdmpUnit.Unit.GROCERY, KdmpUnit.Unit.OFFICE],
        name="Koperasi Merah Putih Rawa Makmur",
    )
    kdmp_of("64.72.01.1002", name="Koperasi Merah Putih Handil Bakti")
    page = new_page(viewport=viewport)
    _sign_in(page, live_server.url, "dinas.kdmp")

    page.get_by_role("link", name="KDMP", exact=True).first.click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text().startswith("Pemantauan Koperasi Desa")
    figures = page.locator(".key-figures .figure").all_inner_texts()
    assert figures == ["59", "2", "1"]
    screenshot(page, f"portal-kdmp-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size
    assert axe_violations(page) == []

    page.select_option("#id_kecamatan", "64.72.01")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_load_state()

    rows = page.locator("table[aria-labelledby=villages] tbody tr")
    assert rows.count() == 5
    assert "Beroperasi" in rows.nth(0).inner_text()
    assert "Terbentuk" in rows.nth(1).inner_text()
    assert "Belum terbentuk" in rows.nth(2).inner_text()
    screenshot(page, f"portal-kdmp-kecamatan-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= size
