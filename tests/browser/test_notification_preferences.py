"""An officer with a verified WhatsApp number turns WhatsApp off for installment
reminders and chooses English, on a 360-pixel phone and a desktop, with
screenshots and an accessibility check."""

import pytest
from playwright.sync_api import expect

from notifications.selectors import preferences_get
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import CooperativeFactory, officer_of
from tests.notifications.conftest import provider, verified_phone, whatsapp  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_officer_chooses_channels_and_language(
    live_server,
    whatsapp,  # noqa: F811 -- the fixture imported above
    new_page,
    screenshot,
    axe_violations,
    viewport,
    size,
):
    base, width = live_server.url, viewport["width"]
    officer = officer_of(CooperativeFactory())
    verified_phone(officer)
    page = new_page(viewport)
    sign_in(page, base, officer.username)

    page.goto(f"{base}/portal/notifikasi/")
    page.get_by_role("link", name="Pilihan pesan").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, f"notification-preferences-{size}")

    page.locator('input[name="installments__whatsapp"]').uncheck()
    page.get_by_label("Bahasa pesan").select_option("en")
    page.get_by_role("button", name="Simpan pilihan").click()
    page.wait_for_load_state()
    screenshot(page, f"notification-preferences-saved-{size}")

    expect(page.get_by_text("Pilihan pesan disimpan.")).to_be_visible()
    assert not page.locator('input[name="installments__whatsapp"]').is_checked()
    assert page.locator('input[name="installments__email"]').is_checked()
    choices = preferences_get(officer)
    assert choices["installments", "whatsapp"] is False
    assert choices["financing", "whatsapp"] is True
    officer.refresh_from_db()
    assert officer.language == "en"
