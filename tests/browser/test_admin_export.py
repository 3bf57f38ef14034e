"""Staff export the registry from the admin under the Content Security Policy
(the `new_page` fixture fails the test on any violation): "Pilih semua" clears and
ticks every column, and the changelist's "Impor" opens the background import's
upload page for the kind."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CooperativeFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-kuat-2026"
EXPORT = "/admin/cooperatives/cooperative/export/"
BOXES = ".selectable-field-export-row input[type=checkbox]:not(.select-toggle)"


def _admin_sign_in(page, base, username, path):
    page.goto(f"{base}/admin/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}{path}")


def _ticked(page) -> list[bool]:
    return page.locator(BOXES).evaluate_all("boxes => boxes.map(b => b.checked)")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_select_all_on_the_export_page_selects_every_column(
    live_server, new_page, screenshot, viewport
):
    CooperativeFactory()
    StaffFactory(username="staf.ekspor")
    page = new_page(viewport)
    _admin_sign_in(page, live_server.url, "staf.ekspor", EXPORT)
    toggle = page.get_by_label("Pilih semua")
    columns = len(_ticked(page))

    toggle.uncheck()
    cleared = _ticked(page)
    page.locator(BOXES).first.check()
    toggle.check()
    ticked = _ticked(page)

    assert columns > 20
    assert cleared == [False] * columns
    assert ticked == [True] * columns
    expect(page.get_by_text("jenis koperasi", exact=True)).to_be_visible()
    screenshot(page, f"admin-export-{viewport['width']}")


def test_the_changelists_import_opens_the_upload_page_for_the_kind(
    live_server, new_page
):
    StaffFactory(username="staf.impor")
    page = new_page(DESKTOP)
    _admin_sign_in(
        page, live_server.url, "staf.impor", "/admin/cooperatives/enterprise/"
    )

    page.get_by_role("link", name="Impor", exact=True).click()

    page.wait_for_url("**/admin/cooperatives/importjob/add/?kind=enterprises")
    assert page.locator("#id_kind").input_value() == "enterprises"
