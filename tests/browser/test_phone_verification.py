"""An officer adds their WhatsApp number, types the code WhatsApp brought (from
the stand-in provider) and turns the messages off again: on a 360-pixel phone
and a desktop, with screenshots and an accessibility check."""

import pytest
from playwright.sync_api import expect

from notifications.models import PhoneNumber
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.factories import CooperativeFactory, officer_of
from tests.notifications.conftest import provider, whatsapp  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def _fits_and_passes(page, axe_violations, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_officer_verifies_a_whatsapp_number(
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
    page = new_page(viewport)
    sign_in(page, base, officer.username)

    page.goto(f"{base}/portal/notifikasi/")
    page.get_by_role("link", name="Terima juga lewat WhatsApp atau SMS").click()
    page.wait_for_load_state()
    _fits_and_passes(page, axe_violations, width, "empty")
    screenshot(page, f"phone-empty-{size}")

    page.get_by_label("Nomor HP (WhatsApp)").fill("0812 3456 7890")
    page.get_by_role("button", name="Kirim kode").click()
    page.wait_for_load_state()
    code = whatsapp.requests[-1].body["template"]["components"][0]["parameters"][0]
    page.get_by_label("Kode verifikasi").fill(
        "999999" if code["text"] != "999999" else "111111"
    )
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()
    _fits_and_passes(page, axe_violations, width, "wrong code")
    screenshot(page, f"phone-wrong-code-{size}")
    expect(
        page.get_by_text("Kode salah. Periksa lalu coba lagi.").first
    ).to_be_visible()

    page.get_by_label("Kode verifikasi").fill(code["text"])
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()
    _fits_and_passes(page, axe_violations, width, "verified")
    screenshot(page, f"phone-verified-{size}")

    expect(
        page.get_by_text("Notifikasi juga dikirim ke +6281234567890.")
    ).to_be_visible()
    assert PhoneNumber.objects.get(user=officer).verified_at is not None
