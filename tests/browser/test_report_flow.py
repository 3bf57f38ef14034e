"""An officer files the RAT report on a 360-pixel-wide phone; staff return it in the
admin; the officer fixes and resubmits; staff verify; the cooperative is active."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cooperatives.models import AnnualReport
from tests.factories import PDF_BYTES, CooperativeFactory, StaffFactory, officer_of

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-kuat-2026"
DUE_YEAR = timezone.localdate().year - 1


def _sign_in(page, base, username):
    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _admin_sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_officer_files_report_staff_returns_then_verifies(
    live_server, new_page, screenshot, axe_violations
):
    base = live_server.url
    cooperative = CooperativeFactory(name="Koperasi Demo Sejahtera")
    officer_of(cooperative, username="pengurus.uji")
    StaffFactory(username="staf.uji")

    # The officer, on a phone, starts from the dashboard's next task.
    phone = new_page()
    _sign_in(phone, base, "pengurus.uji")
    expect(
        phone.get_by_text(f"Laporan RAT tahun buku {DUE_YEAR} belum dikirim")
    ).to_be_visible()
    screenshot(phone, "portal-dashboard-360")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Isi laporan").click()

    # Step 1 refuses a date inside the fiscal year, with the summary and the message.
    phone.get_by_label("Tanggal RAT").fill(f"{DUE_YEAR}-06-01")
    phone.get_by_role("button", name="Simpan dan lanjutkan").click()
    phone.wait_for_load_state()  # the answer to the POST, not the page before
    expect(phone).to_have_title(re.compile("^Galat:"))
    expect(phone.get_by_role("alert")).to_be_visible()
    screenshot(phone, "portal-report-error-360")
    assert axe_violations(phone) == []
    phone.get_by_label("Tanggal RAT").fill(f"{DUE_YEAR + 1}-03-14")
    phone.get_by_role("button", name="Simpan dan lanjutkan").click()

    phone.get_by_label("Anggota laki-laki").fill("120")
    phone.get_by_label("Anggota perempuan").fill("95")
    phone.get_by_label("Jumlah pengurus").fill("3")
    phone.get_by_label("Jumlah pengawas").fill("3")
    phone.get_by_label("Jumlah karyawan").fill("4")
    screenshot(phone, "portal-report-step-360")
    phone.get_by_role("button", name="Simpan dan lanjutkan").click()

    phone.get_by_label("Modal sendiri").fill("1.250.000.000")
    phone.get_by_label("Modal luar").fill("300000000")
    phone.get_by_label("Aset").fill("1.800.000.000")
    phone.get_by_role("button", name="Simpan dan lanjutkan").click()

    phone.get_by_label("Volume usaha").fill("4.200.000.000")
    phone.get_by_label("Sisa hasil usaha (SHU)").fill("75.000.000")
    phone.get_by_role("button", name="Simpan dan periksa").click()

    expect(phone.get_by_text("Rp1.250.000.000")).to_be_visible()
    # Assets 1.8 M against 1.55 M of capital: a warning, not a refusal.
    expect(phone.locator("#balance-warning")).to_be_visible()
    # Submitting without the PDFs names them; then they are attached.
    phone.get_by_role("button", name="Kirim laporan").click()
    expect(phone.get_by_text("Lampirkan berita acara RAT (PDF)")).to_be_visible()
    phone.get_by_label("Unggah berita acara RAT (PDF)").set_input_files(
        files=[{"name": "ba.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    phone.get_by_label("Unggah laporan keuangan (PDF)").set_input_files(
        files=[{"name": "lk.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    phone.get_by_role("button", name="Unggah lampiran").click()
    expect(phone.get_by_role("link", name="Unduh PDF Berita acara RAT")).to_be_visible()
    screenshot(phone, "portal-report-check-360")
    assert axe_violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Kirim laporan").click()
    expect(phone.get_by_text("Laporan RAT terkirim")).to_be_visible()
    screenshot(phone, "portal-report-submitted-360")

    # Staff return it in the admin with a reason.
    report = AnnualReport.objects.get(cooperative=cooperative, fiscal_year=DUE_YEAR)
    desk = new_page(viewport={"width": 1280, "height": 900})
    _admin_sign_in(desk, base, "staf.uji")
    desk.goto(f"{base}/admin/cooperatives/annualreport/{report.pk}/change/")
    desk.fill("#id_return_reason_input", "Jumlah anggota tidak sesuai daftar hadir RAT")
    desk.click("input[name=_return]")
    screenshot(desk, "admin-report-returned-1280")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RETURNED

    # The officer sees the reason, fixes the members, and resubmits.
    phone.goto(f"{base}/portal/")
    expect(
        phone.get_by_text("Jumlah anggota tidak sesuai daftar hadir RAT")
    ).to_be_visible()
    phone.get_by_role("link", name="Perbaiki laporan").click()
    # "Perbaiki laporan" opens the check page, with the reason on it.
    expect(phone.get_by_role("heading", name="Periksa isian Anda")).to_be_visible()
    screenshot(phone, "portal-report-fix-360")
    phone.get_by_role("link", name="Ubah Anggota laki-laki").click()
    phone.get_by_label("Anggota laki-laki").fill("118")
    phone.get_by_role("button", name="Simpan dan periksa").click()
    phone.get_by_role("button", name="Kirim laporan").click()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    assert report.members_male == 118

    # Staff verify it; the dashboard then shows the cooperative as active.
    desk.goto(f"{base}/admin/cooperatives/annualreport/{report.pk}/change/")
    desk.click("input[name=_verify]")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.VERIFIED
    phone.goto(f"{base}/portal/")
    expect(phone.locator(".tag", has_text="Aktif").first).to_be_visible()
    expect(phone.get_by_text(f"RAT terakhir tahun {DUE_YEAR + 1}")).to_be_visible()
    screenshot(phone, "portal-dashboard-active-360")

    # Staff correct a verified figure: with a reason, the earlier one kept.
    desk.goto(f"{base}/admin/cooperatives/annualreport/{report.pk}/change/")
    desk.fill("#id_assets", "1550000000")
    desk.fill("#id_correction_reason", "Aset sesuai neraca yang dilampirkan")
    desk.click("input[name=_continue]")
    corrected = desk.get_by_text("Aset: Rp1.800.000.000 → Rp1.550.000.000")
    corrected.wait_for(timeout=15_000)  # the page after the POST
    expect(corrected).to_be_visible()
    screenshot(desk, "admin-report-verified-1280")
    assert report.verified_at.date() <= timezone.localdate() + datetime.timedelta(
        days=1
    )


def test_main_pages_fit_a_phone_and_pass_axe(
    live_server, new_page, screenshot, axe_violations
):
    cooperative = CooperativeFactory()
    officer_of(cooperative, username="pengurus.hp")
    base = live_server.url

    pages = {}
    for name, viewport in (
        ("360", {"width": 360, "height": 800}),
        ("1280", {"width": 1280, "height": 900}),
    ):
        page = new_page(viewport=viewport)
        page.goto(f"{base}/portal/masuk/")
        pages[f"login-{name}"] = page
        screenshot(page, f"portal-login-{name}")
        assert axe_violations(page) == []
    phone = new_page()
    _sign_in(phone, base, "pengurus.hp")
    for path, name in (
        (f"/portal/koperasi/{cooperative.pk}/orang/", "people"),
        (f"/portal/koperasi/{cooperative.pk}/orang/tambah/", "person-add"),
        (f"/portal/koperasi/{cooperative.pk}/profil/", "profile"),
        (f"/portal/koperasi/{cooperative.pk}/laporan/", "reports"),
        ("/portal/notifikasi/", "notifications"),
    ):
        phone.goto(base + path)
        screenshot(phone, f"portal-{name}-360")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, name
        assert axe_violations(phone) == [], name
