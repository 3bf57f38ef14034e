"""The profile's village list follows the chosen kecamatan (static/js/
village-select.js, under the CSP), on a phone and on a desktop."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_report_flow import _sign_in
from tests.factories import CooperativeFactory, officer_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_village_list_follows_the_kecamatan(
    live_server, new_page, screenshot, axe_violations
):
    cooperative = CooperativeFactory(name="Koperasi Air Putih")
    officer_of(cooperative, username="pengurus.desa")
    url = f"{live_server.url}/portal/koperasi/{cooperative.pk}/profil/"

    for name, viewport in (("360", PHONE), ("1280", DESKTOP)):
        page = new_page(viewport=viewport)
        _sign_in(page, live_server.url, "pengurus.desa")
        page.goto(url)
        villages = page.locator("#id_village option")
        assert villages.count() == 1 + 59  # every village of Samarinda, grouped

        page.select_option("#id_sub_district", "64.72.03")
        assert villages.count() == 1 + 8  # Samarinda Ulu's only
        page.select_option("#id_village", "64.72.03.1004")
        screenshot(page, f"portal-profile-village-{name}")
        assert axe_violations(page) == []
        if name == "360":
            assert page.evaluate("document.documentElement.scrollWidth") <= 360

        # Another kecamatan: the chosen village no longer fits and is cleared.
        page.select_option("#id_sub_district", "64.72.01")
        assert villages.count() == 1 + 5
        assert page.locator("#id_village").input_value() == ""

    page.select_option("#id_sub_district", "64.72.03")
    page.select_option("#id_village", "64.72.03.1004")
    page.get_by_role("button", name="Simpan profil").click()
    page.wait_for_load_state()
    cooperative.refresh_from_db()
    assert cooperative.village_id == "64.72.03.1004"
