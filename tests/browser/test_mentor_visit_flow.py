"""On a 360-pixel-wide phone (and at 1280 px): a mentor, who is also an officer of
their own cooperative, goes from the header to their assignments, opens
"Catat kunjungan", is told in Indonesian that the follow-up cannot come before
the visit, corrects it and finds the visit listed on their page; then opens
"Ubah" on that visit, changes its findings, and removes it after a confirmation
page (the visit staff recorded has no such links)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CooperativeFactory, PersonFactory, UserFactory, officer_of
from tests.programs.factories import MentorAssignmentFactory, MentoringVisitFactory

from .conftest import BOTH_WIDTHS, check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.timedelta(days=1)


@BOTH_WIDTHS
def test_a_mentor_records_a_visit(
    live_server, new_page, screenshot, axe_violations, viewport, size
):
    base, width = live_server.url, viewport["width"]
    today = timezone.localdate()
    mentor = officer_of(CooperativeFactory(), username=f"pendamping{size}")
    assignment = MentorAssignmentFactory(
        mentor=mentor.person,
        cooperative__name="Koperasi Produsen Tenggarong Seberang",
        starts_on=today - 60 * DAY,
    )
    MentoringVisitFactory(
        assignment=assignment,
        visited_on=today - 20 * DAY,
        findings="Buku anggota belum diperbarui sejak 2022.",
    )
    MentorAssignmentFactory(  # another mentor's: not on this mentor's page
        mentor=PersonFactory(user=UserFactory()), cooperative=assignment.cooperative
    )
    page = new_page(viewport)

    sign_in(page, base, mentor.username)
    page.get_by_role("navigation", name="Menu akun").get_by_role(
        "link", name="Pendampingan"
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tugas pendampingan Anda")
    expect(
        page.get_by_text("Buku anggota belum diperbarui sejak 2022.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Catat kunjungan")).to_have_count(1)
    check_page(page, screenshot, axe_violations, f"mentor-assignments-{size}", width)

    page.get_by_role("link", name="Catat kunjungan").click()
    page.wait_for_load_state()
    expect(page).to_have_title(
        "Catat kunjungan — Koperasi Produsen Tenggarong Seberang"
    )
    expect(page.get_by_label("Tanggal kunjungan")).to_have_value(today.isoformat())
    check_page(page, screenshot, axe_violations, f"mentor-visit-form-{size}", width)

    page.get_by_label("Temuan").fill("Kas harian sudah rapi; RAT belum dijadwalkan.")
    page.get_by_label("Rekomendasi").fill("Tetapkan tanggal RAT bulan depan.")
    page.get_by_label("Tanggal tindak lanjut").fill((today - 2 * DAY).isoformat())
    page.get_by_role("button", name="Simpan kunjungan").click()
    page.wait_for_load_state()
    expect(page).to_have_title(
        "Galat: Catat kunjungan — Koperasi Produsen Tenggarong Seberang"
    )
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role(
            "link",
            name="Tanggal tindak lanjut: Tanggal tindak lanjut tidak boleh sebelum "
            "tanggal kunjungan.",
        )
    ).to_be_visible()
    expect(page.get_by_label("Temuan")).to_have_value(
        "Kas harian sudah rapi; RAT belum dijadwalkan."
    )
    check_page(page, screenshot, axe_violations, f"mentor-visit-error-{size}", width)

    page.get_by_label("Tanggal tindak lanjut").fill((today + 30 * DAY).isoformat())
    page.get_by_role("button", name="Simpan kunjungan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("dicatat")
    visit = page.locator("dl.visit").first
    expect(visit).to_contain_text("Kas harian sudah rapi; RAT belum dijadwalkan.")
    expect(page.locator("dl.visit")).to_have_count(2)
    check_page(page, screenshot, axe_violations, f"mentor-visit-saved-{size}", width)

    # Only the visit this mentor recorded can be changed from here.
    expect(page.get_by_role("link", name="Ubah kunjungan")).to_have_count(1)
    page.get_by_role("link", name="Ubah kunjungan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ubah kunjungan")
    expect(page.get_by_label("Temuan")).to_have_value(
        "Kas harian sudah rapi; RAT belum dijadwalkan."
    )
    check_page(page, screenshot, axe_violations, f"mentor-visit-edit-{size}", width)

    page.get_by_label("Temuan").fill("Kas harian rapi; RAT dijadwalkan Januari.")
    page.get_by_role("button", name="Simpan perubahan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("diperbarui")
    expect(page.locator("dl.visit").first).to_contain_text(
        "Kas harian rapi; RAT dijadwalkan Januari."
    )

    page.get_by_role("link", name="Hapus kunjungan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hapus kunjungan")
    expect(
        page.get_by_text("Kas harian rapi; RAT dijadwalkan Januari.")
    ).to_be_visible()
    check_page(page, screenshot, axe_violations, f"mentor-visit-delete-{size}", width)

    page.get_by_role("button", name="Ya, hapus kunjungan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_contain_text("dihapus")
    expect(page.locator("dl.visit")).to_have_count(1)
    expect(page.get_by_text("Kas harian rapi; RAT dijadwalkan Januari.")).to_have_count(
        0
    )
