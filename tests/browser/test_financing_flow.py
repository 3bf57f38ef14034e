"""An officer compares schemes in the simulator on a 360-pixel phone, applies with
a PDF document and submits; staff review and approve on the review page and
another staff member, the paying one, disburses (four eyes); the officer sees the
loan's schedule."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from financing.models import Application, Loan
from tests.factories import AgencyStaffFactory, CooperativeFactory, officer_of
from tests.financing.factories import SchemeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-kuat-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


def _fits_and_passes(page, axe_violations, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    assert axe_violations(page) == [], name


def test_officer_simulates_applies_and_sees_the_schedule(
    live_server, new_page, screenshot, axe_violations, tmp_path
):
    base = live_server.url
    today = timezone.localdate()
    cooperative = CooperativeFactory(
        name="Koperasi Demo Sejahtera",
        last_rat_on=datetime.date(today.year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )
    officer_of(cooperative, username="pengurus.dana")
    AgencyStaffFactory(
        username="staf.dana", groups=["Peninjau pembiayaan", "Pemutus pembiayaan"]
    )
    AgencyStaffFactory(username="bendahara.dana", groups=["Juru bayar pembiayaan"])
    SchemeFactory(code="lpdb", name="Dana Bergulir LPDB", annual_rate="3.00")
    SchemeFactory(code="kur", name="KUR Mikro", annual_rate="6.00")

    # The simulator, without signing in: the cheapest scheme comes first.
    phone = new_page()
    phone.goto(f"{base}/simulasi/")
    phone.get_by_label("Nominal pinjaman").fill("abc")
    phone.get_by_label("Tenor (bulan)").fill("12")
    phone.get_by_role("button", name="Hitung angsuran").click()
    phone.wait_for_load_state()  # the answer to the POST, not the page before
    expect(phone).to_have_title(re.compile("^Galat:"))
    _fits_and_passes(phone, axe_violations, "simulation-error")
    phone.get_by_label("Nominal pinjaman").fill("10.000.000")
    phone.get_by_role("button", name="Hitung angsuran").click()
    first = phone.locator("table.table tbody tr").first
    assert "Dana Bergulir LPDB" in first.inner_text()
    phone.get_by_role("link", name="Lihat jadwal Dana Bergulir LPDB").click()
    assert phone.get_by_role("heading", name="Jadwal angsuran Dana Bergulir LPDB")
    screenshot(phone, "financing-simulation-360")
    _fits_and_passes(phone, axe_violations, "simulation")

    # Apply as a draft, upload a PDF, submit.
    _sign_in(phone, base, "pengurus.dana")
    phone.get_by_role("link", name="Pembiayaan").first.click()
    screenshot(phone, "financing-list-empty-360")
    phone.get_by_role("link", name="Ajukan permohonan baru").click()
    phone.get_by_role("radio", name="Dana Bergulir LPDB").check()
    phone.get_by_label("Nominal yang diajukan").fill("10.000.000")
    phone.get_by_label("Tenor (bulan)").fill("12")
    phone.get_by_label("Modal kerja").check()
    phone.get_by_label("Gambaran usaha").fill("Toko sembako anggota")
    screenshot(phone, "financing-apply-360")
    _fits_and_passes(phone, axe_violations, "apply")
    phone.get_by_role("button", name="Simpan draf").click()

    document = tmp_path / "proposal.pdf"
    document.write_bytes(PDF)
    phone.get_by_label("Jenis dokumen").select_option("proposal")
    phone.get_by_label("Berkas", exact=True).set_input_files(str(document))
    phone.get_by_role("button", name="Unggah").click()
    expect(phone.get_by_role("link", name="Proposal dan RAB")).to_be_visible()
    screenshot(phone, "financing-draft-360")
    _fits_and_passes(phone, axe_violations, "draft")
    phone.get_by_role("button", name="Ajukan permohonan").click()
    expect(phone.get_by_text("diajukan. Dinas akan meninjaunya")).to_be_visible()
    screenshot(phone, "financing-submitted-360")
    _fits_and_passes(phone, axe_violations, "submitted")
    application = Application.objects.get(cooperative=cooperative)
    assert application.status == Application.Status.SUBMITTED

    # Staff review and approve on the review page; the paying staff disburses.
    desk = new_page(viewport={"width": 1280, "height": 900})
    _admin_sign_in(desk, base, "staf.dana")
    review = f"{base}/portal/staf/pembiayaan/{application.pk}/"
    desk.goto(review)
    desk.get_by_role("button", name="Tetapkan saya sebagai peninjau").click()
    desk.get_by_label("Proposal dan RAB").check()
    desk.get_by_role("button", name="Simpan daftar periksa").click()
    desk.get_by_role("button", name="Setujui permohonan").click()
    screenshot(desk, "financing-review-approved-1280")
    assert axe_violations(desk) == []
    desk.get_by_text("Permohonan disetujui.").wait_for()
    assert (
        desk.get_by_role("button", name="Cairkan").count() == 0
    )  # not a duty of theirs
    cashier = new_page(viewport={"width": 1280, "height": 900})
    _admin_sign_in(cashier, base, "bendahara.dana")
    cashier.goto(review)
    cashier.get_by_label("Referensi pencairan").fill("SP2D-2026-001")
    cashier.get_by_role("button", name="Cairkan").click()
    cashier.get_by_text("Pembiayaan dicairkan; jadwal angsuran dibuat.").wait_for()
    application.refresh_from_db()
    assert application.status == Application.Status.DISBURSED
    loan = Loan.objects.get(application=application)

    # The officer sees the schedule.
    phone.goto(f"{base}/portal/koperasi/{cooperative.pk}/pembiayaan/")
    phone.get_by_role("link", name=application.number).first.click()
    expect(phone.get_by_role("heading", name="Jadwal angsuran")).to_be_visible()
    assert phone.locator("table.schedule tbody tr").count() == loan.tenor_months
    screenshot(phone, "financing-loan-360")
    _fits_and_passes(phone, axe_violations, "loan")
    phone.goto(f"{base}/portal/koperasi/{cooperative.pk}/")
    expect(phone.get_by_text("Angsuran ke-1 pinjaman")).to_be_visible()
    screenshot(phone, "financing-dashboard-360")
    _fits_and_passes(phone, axe_violations, "dashboard")


def test_scheme_choice_offers_only_the_cooperatives_schemes(
    live_server, new_page, screenshot, axe_violations
):
    """A Samarinda cooperative sees its schemes with their limits; an SME-only KUR
    and Penajam Paser Utara's revolving fund are greyed with the failed rules."""
    base = live_server.url
    today = timezone.localdate()
    cooperative = CooperativeFactory(
        name="Koperasi Samarinda Maju",
        last_rat_on=datetime.date(today.year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )
    officer_of(cooperative, username="pengurus.skema")
    SchemeFactory(code="lpdb", name="Dana Bergulir LPDB", annual_rate="3.00")
    SchemeFactory(
        code="kur-mikro",
        name="KUR Mikro",
        for_cooperatives=False,
        for_enterprises=True,
        is_kur=True,
        rate_ladder=["6", "7", "8", "9"],
        max_tenor_months=60,
        max_tenor_working_capital_months=36,
        max_tenor_investment_months=60,
    )
    ppu = SchemeFactory(code="ppu", name="Dana Bergulir Penajam Paser Utara")
    ppu.districts.set(["64.09"])

    for viewport, name in ((None, "360"), ({"width": 1280, "height": 900}, "1280")):
        page = new_page() if viewport is None else new_page(viewport=viewport)
        _sign_in(page, base, "pengurus.skema")
        page.goto(f"{base}/portal/koperasi/{cooperative.pk}/pembiayaan/ajukan/")
        assert page.locator("input[name=scheme]").count() == 1
        page.locator("details.offers-unavailable summary").click()
        expect(page.get_by_text("Skema ini tidak untuk koperasi.")).to_be_visible()
        expect(
            page.get_by_text(
                "Skema ini hanya untuk pemohon di Kabupaten Penajam Paser Utara."
            )
        ).to_be_visible()
        screenshot(page, f"financing-scheme-choice-{name}")
        if viewport is None:
            _fits_and_passes(page, axe_violations, "scheme-choice")
