"""A district user on a 360-pixel-wide phone, without the admin: opens the
workspace from the top menu, verifies a RAT report after comparing it with last
year's, nominates a participant by NIK and records a session's attendance. The
same pages are photographed at 1280 px."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cooperatives.models import AnnualReport
from programs.models import Attendance, Enrolment, Program
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    district,
)
from tests.programs.factories import (
    EnrolmentFactory,
    ProgramFactory,
    SessionFactory,
    at,
    days,
)

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page, screenshot, axe_violations, name, width):
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_district_user_verifies_nominates_and_records_attendance(
    live_server, new_page, screenshot, axe_violations, viewport, size
):
    base, width = live_server.url, viewport["width"]
    samarinda = district("64.72")
    cooperative = CooperativeFactory(
        name="Koperasi Harapan Mahakam", district=samarinda
    )
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2024,
        status=AnnualReport.Status.VERIFIED,
        assets=Decimal("400000000"),
    )
    report = AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2025,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
        assets=Decimal("450000000"),
    )
    open_program = ProgramFactory(
        title="Bimtek Akuntansi Samarinda",
        district=samarinda,
        audience=Program.Audience.MEMBERS,
    )
    running = ProgramFactory(title="Diklat Manajemen Samarinda", district=samarinda)
    running.status = Program.Status.ONGOING
    running.save()
    session = SessionFactory(program=running, starts_at=at(days(-1)))
    there = EnrolmentFactory(
        program=running, cooperative=cooperative, participant_name="Rudi Hartono"
    )
    user = DistrictUserFactory(username=f"dinas.kerja{size}", district=samarinda)
    page = new_page(viewport)

    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill(user.username)
    page.get_by_label("Kata sandi").fill("rahasia-kuat-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Ruang kerja dinas").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 laporan RAT menunggu verifikasi.")).to_be_visible()
    _check(page, screenshot, axe_violations, f"district-home-{size}", width)

    # The queue, the report beside last year's, verified.
    page.get_by_role("link", name="Buka antrean verifikasi").click()
    page.wait_for_load_state()
    _check(page, screenshot, axe_violations, f"district-reports-{size}", width)
    page.get_by_role("link", name="Periksa Koperasi Harapan Mahakam 2025").click()
    page.wait_for_load_state()
    expect(page.get_by_text("+Rp50.000.000").first).to_be_visible()
    _check(page, screenshot, axe_violations, f"district-report-{size}", width)
    page.get_by_role("button", name="Verifikasi laporan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("diverifikasi.").first).to_be_visible()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.VERIFIED

    # A participant nominated by NIK.
    page.get_by_role("navigation", name="Menu dinas").get_by_role(
        "link", name="Program"
    ).click()
    page.wait_for_load_state()
    _check(page, screenshot, axe_violations, f"district-programs-{size}", width)
    page.get_by_role("link", name="Bimtek Akuntansi Samarinda").click()
    page.get_by_role("link", name="Usulkan peserta").click()
    page.wait_for_load_state()
    page.get_by_label("NIK").fill("6472031205801236")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Koperasi pengusul").select_option(str(cooperative.pk))
    _check(page, screenshot, axe_violations, f"district-nominate-{size}", width)
    page.get_by_role("button", name="Usulkan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Siti Aminah terdaftar sebagai peserta")).to_be_visible()
    _check(page, screenshot, axe_violations, f"district-program-{size}", width)
    assert Enrolment.objects.get(program=open_program).participant_name == "Siti Aminah"

    # A session's attendance.
    page.goto(f"{base}/portal/dinas/program/{running.pk}/")
    page.get_by_role("link", name="Catat kehadiran").click()
    page.wait_for_load_state()
    page.get_by_label("Rudi Hartono").check()
    _check(page, screenshot, axe_violations, f"district-attendance-{size}", width)
    page.get_by_role("button", name="Simpan kehadiran").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 peserta hadir")).to_be_visible()
    assert Attendance.objects.get(session=session, enrolment=there).present

    page.get_by_role("link", name="Notifikasi").first.click()
    page.wait_for_load_state()
    _check(page, screenshot, axe_violations, f"district-notifications-{size}", width)
