"""An owner changes their business's address from their home page, on a phone
and on a desktop: the village list follows the kecamatan, the page fits 360 px
and passes axe, and the saved address shows on the home page."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_owner_changes_the_business_address(
    live_server, new_page, screenshot, axe_violations
):
    user = UserFactory(username="pemilik.amplang", role="owner")
    enterprise = EnterpriseFactory(name="Amplang Bu Siti", owner_user=user)
    address = "Jl. Pangeran Antasari No. 7"

    for name, viewport in (("360", PHONE), ("1280", DESKTOP)):
        page = new_page(viewport=viewport)
        sign_in(page, live_server.url, "pemilik.amplang")
        page.goto(f"{live_server.url}/portal/usaha/{enterprise.pk}/")
        page.get_by_role("link", name="Ubah alamat").click()
        page.wait_for_load_state()
        page.select_option("#id_sub_district", "64.72.03")
        assert page.locator("#id_village option").count() == 1 + 8
        page.select_option("#id_village", "64.72.03.1004")
        page.get_by_label("Alamat").fill(address)
        screenshot(page, f"portal-owner-address-{name}")
        assert axe_violations(page) == []
        if name == "360":
            assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="Simpan alamat").click()
    page.wait_for_load_state()
    assert address in page.content()
    enterprise.refresh_from_db()
    assert (enterprise.village_id, enterprise.address) == ("64.72.03.1004", address)
