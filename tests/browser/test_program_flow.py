"""An officer on a 360-pixel-wide phone nominates a member for an open program;
staff take attendance and complete the program; the officer downloads the
certificate."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cooperatives.models import CooperativeRole
from programs import services
from programs.models import Enrolment, Program
from tests.factories import CooperativeFactory, StaffFactory, officer_of
from tests.programs.factories import (
    MentorAssignmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    officer_person,
    sessions_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-kuat-2026"


def _sign_in(page, base, username):
    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _check(page, screenshot, axe_violations, name):
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    assert axe_violations(page) == [], name


def test_officer_nominates_a_member_and_downloads_the_certificate(
    live_server, new_page, screenshot, axe_violations, tmp_path
):
    base = live_server.url
    cooperative = CooperativeFactory(name="Koperasi Demo Sejahtera")
    officer_of(cooperative, username="pengurus.program")
    member = officer_person(
        cooperative, role=CooperativeRole.Role.MEMBER, person__name="Rina Wulandari"
    )
    program = ProgramFactory(
        title="Bimtek Pemasaran Digital",
        kind=Program.Kind.TECHNICAL_GUIDANCE,
        audience=Program.Audience.MEMBERS,
        quota=20,
    )
    sessions = sessions_for(program, 2)
    MentoringVisitFactory(
        assignment=MentorAssignmentFactory(cooperative=cooperative),
        findings="Buku anggota belum diperbarui.",
    )
    staff = StaffFactory(username="staf.program")

    # The officer finds the open program from the cooperative's menu.
    phone = new_page()
    _sign_in(phone, base, "pengurus.program")
    phone.get_by_role("navigation", name="Menu koperasi").get_by_role(
        "link", name="Program"
    ).click()
    expect(
        phone.get_by_role("heading", name="Program yang membuka pendaftaran")
    ).to_be_visible()
    _check(phone, screenshot, axe_violations, "portal-programs-360")
    phone.get_by_role("link", name="Bimtek Pemasaran Digital").click()
    expect(phone.get_by_text("Tersisa 20 kursi.")).to_be_visible()
    _check(phone, screenshot, axe_violations, "portal-program-detail-360")

    # A new person without a NIK is refused, with the summary and the message.
    phone.get_by_role("link", name="Usulkan peserta").click()
    phone.get_by_label("Nama lengkap").fill("Orang Baru")
    phone.get_by_role("button", name="Usulkan orang baru").click()
    phone.wait_for_load_state()  # the answer to the POST, not the page before
    expect(phone).to_have_title(re.compile("^Galat:"))
    expect(phone.get_by_role("alert")).to_be_visible()
    assert phone.get_by_label("Nama lengkap").input_value() == "Orang Baru"
    _check(phone, screenshot, axe_violations, "portal-program-nominate-error-360")

    # The member is nominated and gets a seat.
    phone.get_by_label("Pengurus atau anggota").select_option(
        label="Rina Wulandari — Anggota"
    )
    phone.get_by_role("button", name="Usulkan", exact=True).click()
    expect(
        phone.get_by_text("Rina Wulandari terdaftar sebagai peserta")
    ).to_be_visible()
    _check(phone, screenshot, axe_violations, "portal-program-nominated-360")
    enrolment = Enrolment.objects.get(program=program, person=member)
    assert enrolment.status == Enrolment.Status.CONFIRMED

    # Staff take attendance for both sessions and close the program.
    for session in sessions:
        services.attendance_record(
            session_id=session.pk,
            present_ids=[enrolment.pk],
            by=staff,
            today=program.ends_on,
        )
    services.program_complete(program_id=program.pk, by=staff, today=program.ends_on)

    # The officer downloads the certificate as a PDF.
    phone.reload()
    expect(phone.get_by_text("2 dari 2 sesi")).to_be_visible()
    _check(phone, screenshot, axe_violations, "portal-program-completed-360")
    with phone.expect_download() as info:
        phone.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert download.suggested_filename.endswith(".pdf")
    assert Path(saved).read_bytes().startswith(b"%PDF")

    # The mentoring history, and the list on a desktop.
    phone.get_by_role("link", name="Pendampingan").click()
    expect(phone.get_by_text("Buku anggota belum diperbarui.")).to_be_visible()
    _check(phone, screenshot, axe_violations, "portal-mentoring-360")
    desk = new_page(viewport={"width": 1280, "height": 900})
    _sign_in(desk, base, "pengurus.program")
    desk.goto(f"{base}/portal/koperasi/{cooperative.pk}/program/?tampil=diikuti")
    expect(desk.get_by_role("link", name="Bimtek Pemasaran Digital")).to_be_visible()
    screenshot(desk, "portal-programs-nominated-1280")
    assert axe_violations(desk) == []
