"""A staff member's first sign-in with the second factor on: password, enrolment
with the app's first code, the recovery codes once; the next sign-in asks for a
code, and a recovery code opens the admin. On a 360-pixel phone and a desktop."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, current_code
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, base, username):
    page.goto(f"{base}/portal/masuk/?next=/admin/")
    page.get_by_label("Nama pengguna atau surel").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def _fits_and_passes(page, axe_violations, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_staff_enrols_then_verifies_with_a_recovery_code(
    live_server, settings, new_page, screenshot, axe_violations, viewport, size
):
    settings.OTP_REQUIRED = True
    base = live_server.url
    staff = StaffFactory(username=f"staf.otp{size}")
    page = new_page(viewport)

    # First sign-in: the password leads to the enrolment page, not the admin.
    _sign_in(page, base, staff.username)
    assert "/portal/verifikasi/daftar/" in page.url
    expect(page.locator(".qr svg")).to_be_visible()
    _fits_and_passes(page, axe_violations, viewport["width"], "enrol")
    screenshot(page, f"otp-enrol-{size}")

    # A wrong first code is refused next to the field.
    page.get_by_label("Kode", exact=True).fill("000000")
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_load_state()
    expect(page).to_have_title(re.compile("^Galat:"))
    expect(page.locator(".error-summary")).to_be_visible()
    screenshot(page, f"otp-enrol-error-{size}")

    # The app's code turns it on; the recovery codes are shown once.
    device = TOTPDevice.objects.get(user=staff)
    device.throttle_reset()  # the wrong code's back-off, not waited for here
    page.get_by_label("Kode", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_load_state()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    _fits_and_passes(page, axe_violations, viewport["width"], "recovery codes")
    screenshot(page, f"otp-recovery-codes-{size}")
    page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/admin/"

    # Next sign-in: a code is asked for; a recovery code opens the admin.
    page.get_by_role("button", name="Log out").or_(
        page.get_by_role("button", name="Keluar")
    ).first.click()
    page.wait_for_load_state()
    _sign_in(page, base, staff.username)
    assert "/portal/verifikasi/" in page.url
    _fits_and_passes(page, axe_violations, viewport["width"], "verify")
    screenshot(page, f"otp-verify-{size}")
    page.get_by_label("Kode", exact=True).fill(codes[0])
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/admin/"
