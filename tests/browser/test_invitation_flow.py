"""Asking for access and accounts by invitation, in the browser: a person asks
from the sign-in page, the district office approves, the person opens the link
from the email, chooses a password and lands on their cooperative. On a
360-pixel phone and a desktop, with screenshots and an accessibility check."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cooperatives.models import AccessRequest, Invitation
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CooperativeFactory, DistrictUserFactory, district

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Pelangi-Mahakam-2026"
LINK = re.compile(r"https?://\S+/portal/undangan/\S+/")


def _fits_and_passes(page, axe_violations, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_access_request_to_a_working_account(
    live_server, new_page, screenshot, axe_violations, viewport, size
):
    base, width = live_server.url, viewport["width"]
    cooperative = CooperativeFactory(
        name="Koperasi Mahakam Sejahtera", district=district("64.72")
    )
    decider = DistrictUserFactory(username=f"dinas{size}", district=district("64.72"))
    page = new_page(viewport)

    # The sign-in page leads to the request form.
    page.goto(f"{base}/portal/masuk/")
    page.get_by_role("link", name="Belum punya akun?").click()
    page.wait_for_load_state()
    _fits_and_passes(page, axe_violations, width, "request")
    screenshot(page, f"access-request-{size}")

    # A wrong NIK is refused next to its field, what was typed is kept.
    page.get_by_label("NIK koperasi").fill(cooperative.nik)
    page.get_by_label("NIK", exact=True).fill("12345")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Surel (email)").fill(f"siti{size}@example.id")
    page.get_by_label("Jabatan Anda di koperasi").select_option("treasurer")
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    expect(page).to_have_title(re.compile("^Galat:"))
    _fits_and_passes(page, axe_violations, width, "request error")
    screenshot(page, f"access-request-error-{size}")

    page.get_by_label("NIK", exact=True).fill("6472035506900002")
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    assert "/portal/minta-akses/terkirim/" in page.url
    _fits_and_passes(page, axe_violations, width, "request sent")
    screenshot(page, f"access-request-sent-{size}")
    request = AccessRequest.objects.get(email=f"siti{size}@example.id")

    # The district office signs in, opens the request and approves it.
    page.get_by_role("link", name="Kembali ke halaman masuk").click()
    page.get_by_label("Nama pengguna atau surel").fill(decider.username)
    page.get_by_label("Kata sandi").fill("rahasia-kuat-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    page.goto(f"{base}/portal/staf/permintaan-akses/")
    _fits_and_passes(page, axe_violations, width, "requests")
    screenshot(page, f"access-requests-{size}")
    page.get_by_role("link", name="Putuskan Siti Aminah").click()
    page.wait_for_load_state()
    _fits_and_passes(page, axe_violations, width, "decide")
    screenshot(page, f"access-request-decide-{size}")
    page.get_by_label("Setujui dan kirim undangan").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_load_state()
    assert "/portal/staf/permintaan-akses/" in page.url
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.APPROVED
    page.goto(f"{base}/portal/staf/undangan/")
    _fits_and_passes(page, axe_violations, width, "invitations")
    screenshot(page, f"invitations-{size}")
    page.goto(f"{base}/portal/staf/undangan/baru/")
    _fits_and_passes(page, axe_violations, width, "invite")
    screenshot(page, f"invitation-form-{size}")
    page.goto(f"{base}/portal/staf/undangan/impor/")
    _fits_and_passes(page, axe_violations, width, "import")
    screenshot(page, f"invitations-import-{size}")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()

    # The person opens the link from the email and chooses a password.
    email = next(
        m
        for m in mail.outbox
        if m.to == [f"siti{size}@example.id"] and "Undangan" in m.subject
    )
    link = urlsplit(LINK.search(email.body).group(0)).path
    page.goto(base + link)
    assert page.locator('input[type="password"]').count() == 2
    _fits_and_passes(page, axe_violations, width, "accept")
    screenshot(page, f"invitation-accept-{size}")
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD + "!")
    page.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    page.wait_for_load_state()
    expect(page).to_have_title(re.compile("^Galat:"))
    screenshot(page, f"invitation-accept-error-{size}")
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/portal/koperasi/{cooperative.pk}/"
    expect(page.get_by_text("Akun Anda sudah aktif")).to_be_visible()

    # The link works once.
    page.get_by_role("button", name="Keluar").click()
    page.goto(base + link)
    expect(page.get_by_text("Tautan undangan ini sudah dipakai")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "used")
    screenshot(page, f"invitation-used-{size}")
    invitation = Invitation.objects.get(email=f"siti{size}@example.id")
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=None, expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    page.goto(base + link)
    expect(page.get_by_text("sudah kedaluwarsa")).to_be_visible()
    screenshot(page, f"invitation-expired-{size}")
