"""Invitations by WhatsApp in the browser, with the stand-in provider: a district
user invites an officer by phone, uploads a CSV (a row without email goes by
WhatsApp) and watches "Terkirim n dari m"; the officer opens the link from the
WhatsApp message, chooses a password and lands on the cooperative. On a
360-pixel phone and a desktop, with screenshots and an accessibility check."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cooperatives.models import Invitation
from cooperatives.services.invitations_queue import invitation_send_queued
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CooperativeFactory, DistrictUserFactory, district
from tests.notifications.conftest import provider, whatsapp  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Pelangi-Mahakam-2026"


def _fits_and_passes(page, axe_violations, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_invitation_by_whatsapp_to_a_working_account(
    live_server, new_page, screenshot, axe_violations, viewport, size, tmp_path,
    whatsapp,  # noqa: F811
):  # fmt: skip
    base, width = live_server.url, viewport["width"]
    cooperative = CooperativeFactory(
        name="Koperasi Mahakam Sejahtera", district=district("64.72")
    )
    inviter = DistrictUserFactory(username=f"dinas{size}", district=district("64.72"))
    page = new_page(viewport)
    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill(inviter.username)
    page.get_by_label("Kata sandi").fill("rahasia-kuat-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()

    # One officer by WhatsApp, from the form.
    page.goto(f"{base}/portal/staf/undangan/baru/")
    page.get_by_label("NIK koperasi").fill(cooperative.nik)
    page.get_by_label("Nama lengkap").fill("Rina Wati")
    page.get_by_label("Nomor HP (WhatsApp)").fill("0812 5555 0001")
    page.get_by_label("WhatsApp", exact=True).check()
    _fits_and_passes(page, axe_violations, width, "invite by phone")
    screenshot(page, f"invitation-phone-form-{size}")
    page.get_by_role("button", name="Kirim undangan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Undangan dikirim ke +6281255550001.")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "list with phone")
    screenshot(page, f"invitations-phone-{size}")

    # A CSV: one row by email, one (no email) by WhatsApp; sent in the background.
    csv = tmp_path / "undangan.csv"
    csv.write_text(
        "nik_koperasi,nama,nik,surel,no_hp,peran\n"
        f"{cooperative.nik},Siti,,siti{size}@example.id,,ketua\n"
        f"{cooperative.nik},Andi,,,081255550003,pengurus\n"
    )
    page.goto(f"{base}/portal/staf/undangan/impor/")
    page.get_by_label("Berkas CSV undangan").set_input_files(str(csv))
    page.get_by_label("Periksa saja, jangan kirim undangan").uncheck()
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Terkirim 0 dari 2")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "batch queued")
    screenshot(page, f"invitations-batch-queued-{size}")
    for pk in Invitation.objects.filter(sending="queued").values_list("pk", flat=True):
        invitation_send_queued(invitation_id=pk)  # what the worker runs
    # The page follows the sending by itself (no reload).
    page.get_by_text("Terkirim 2 dari 2").wait_for(timeout=20000)
    expect(page.get_by_text("Pengiriman selesai.")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "batch done")
    screenshot(page, f"invitations-batch-done-{size}")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_load_state()

    # The officer opens the link from the WhatsApp message.
    first = whatsapp.requests[0].body["template"]["components"][0]["parameters"]
    page.goto(base + urlsplit(first[2]["text"]).path)
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/portal/koperasi/{cooperative.pk}/"

    # And signs in again with the number as typed on a phone.
    page.get_by_role("button", name="Keluar").click()
    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill("081255550001")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/portal/koperasi/{cooperative.pk}/"
