"""The district workspace on the web: the RAT queue with last year's figures,
verify and return, nominations and attendance, the inbox, and the scope (another
district's report or program answers 404)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperatives.models import AnnualReport
from financing.reminders import loan_arrears_escalate
from notifications.services import notification_create
from programs.models import Attendance, Enrolment, Program
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    district,
    officer_of,
)
from tests.financing.factories import LoanFactory
from tests.programs.factories import (
    EnrolmentFactory,
    ProgramFactory,
    SessionFactory,
    at,
    days,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Harapan Mahakam")


@pytest.fixture
def office_client(client):
    client.force_login(DistrictUserFactory(district=district("64.72")))
    return client


@pytest.fixture
def other_office_client(client):
    client.force_login(DistrictUserFactory(district=district("64.71")))
    return client


def submitted(cooperative, **kwargs):
    return AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2025,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **kwargs,
    )


# --- The RAT queue --------------------------------------------------------------
def test_queue_lists_the_districts_submitted_reports_with_last_years_assets(
    office_client, cooperative
):
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2024,
        status=AnnualReport.Status.VERIFIED,
        assets=Decimal("400000000"),
    )
    report = submitted(cooperative, assets=Decimal("450000000"))
    elsewhere = submitted(
        CooperativeFactory(district=district("64.71"), name="Koperasi Balikpapan Jaya")
    )
    AnnualReportFactory(cooperative=CooperativeFactory(name="Koperasi Draf Saja"))
    body = office_client.get("/portal/dinas/laporan/").content.decode()
    assert "Koperasi Harapan Mahakam" in body
    assert f"/portal/dinas/laporan/{report.pk}/" in body
    assert "Rp450.000.000" in body
    assert "Rp400.000.000" in body
    assert elsewhere.cooperative.name not in body
    assert "Koperasi Draf Saja" not in body


def test_review_shows_last_years_figures_beside_this_years(office_client, cooperative):
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2024,
        status=AnnualReport.Status.VERIFIED,
        assets=Decimal("400000000"),
        members_male=30,
    )
    report = submitted(cooperative, assets=Decimal("450000000"), members_male=40)
    body = office_client.get(f"/portal/dinas/laporan/{report.pk}/").content.decode()
    assert "Rp450.000.000" in body
    assert "Rp400.000.000" in body
    assert "+Rp50.000.000" in body
    assert ">75<" in body
    assert ">65<" in body
    assert "Verifikasi laporan" in body
    assert "Kembalikan ke koperasi" in body


def test_review_without_a_previous_report_says_so(office_client, cooperative):
    report = submitted(cooperative)
    body = office_client.get(f"/portal/dinas/laporan/{report.pk}/").content.decode()
    assert "tidak punya laporan tahun buku 2024" in body


def test_district_user_verifies_a_report(office_client, cooperative):
    report = submitted(cooperative)
    response = office_client.post(f"/portal/dinas/laporan/{report.pk}/verifikasi/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/dinas/laporan/"
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.VERIFIED
    assert report.verified_by is not None
    assert report.verified_by.role == "district"


@pytest.mark.parametrize(
    "status", [AnnualReport.Status.DRAFT, AnnualReport.Status.VERIFIED]
)
def test_only_a_submitted_report_is_verified(office_client, cooperative, status):
    report = AnnualReportFactory(
        cooperative=cooperative, fiscal_year=2025, status=status
    )
    response = office_client.post(f"/portal/dinas/laporan/{report.pk}/verifikasi/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ada masalah" in body
    assert "Hanya laporan yang diajukan yang dapat diverifikasi." in body
    report.refresh_from_db()
    assert report.status == status


def test_district_user_returns_a_report_with_a_reason(office_client, cooperative):
    report = submitted(cooperative)
    url = f"/portal/dinas/laporan/{report.pk}/"
    refused = office_client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Tuliskan alasan laporan dikembalikan." in refused.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    response = office_client.post(url, {"reason": "Berita acara belum ditandatangani."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RETURNED
    assert report.return_reason == "Berita acara belum ditandatangani."


def test_another_districts_report_answers_404(other_office_client, cooperative):
    report = submitted(cooperative)
    url = f"/portal/dinas/laporan/{report.pk}/"
    assert other_office_client.get(url).status_code == 404
    assert other_office_client.post(url + "verifikasi/").status_code == 404
    assert other_office_client.post(url, {"reason": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED


def test_officers_have_no_workspace(client, cooperative):
    client.force_login(officer_of(cooperative))
    report = submitted(cooperative)
    assert client.get("/portal/dinas/").status_code == 404
    assert client.get(f"/portal/dinas/laporan/{report.pk}/").status_code == 404


def test_home_leads_with_the_waiting_reports(office_client, cooperative):
    submitted(cooperative)
    body = office_client.get("/portal/dinas/").content.decode()
    assert "1 laporan RAT menunggu verifikasi." in body
    assert "Koperasi Harapan Mahakam" in body
    assert "/dashboard/" in body
    assert "/portal/notifikasi/" in body


# --- Programs -------------------------------------------------------------------
@pytest.fixture
def program():
    return ProgramFactory(
        title="Bimtek Akuntansi Samarinda",
        district=district("64.72"),
        audience=Program.Audience.MEMBERS,
    )


def test_district_user_nominates_by_nik(office_client, program, cooperative):
    url = f"/portal/dinas/program/{program.pk}/usulkan/"
    assert office_client.get(url).status_code == 200
    response = office_client.post(
        url,
        {
            "nik": "6472031205801234",
            "name": "Siti Aminah",
            "sex": "",
            "phone": "",
            "email": "",
            "cooperative": cooperative.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    enrolment = Enrolment.objects.get(program=program)
    assert enrolment.participant_name == "Siti Aminah"
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.cooperative == cooperative
    assert enrolment.district_id == "64.72"
    page = office_client.get(f"/portal/dinas/program/{program.pk}/").content.decode()
    assert "Siti Aminah" in page
    assert "6472031205801234" not in page  # the NIK masked


def test_nomination_refusal_stays_on_the_form(office_client, program):
    url = f"/portal/dinas/program/{program.pk}/usulkan/"
    response = office_client.post(url, {"nik": "6472031205801235", "name": "Budi"})
    assert response.status_code == 200
    assert "Pilih koperasi yang mengusulkan peserta ini." in response.content.decode()
    assert not Enrolment.objects.filter(program=program).exists()


def test_district_user_records_attendance(office_client, cooperative):
    program = ProgramFactory(district=district("64.72"), past=True)
    session = SessionFactory(program=program, starts_at=at(days(-3)))
    there = EnrolmentFactory(program=program, cooperative=cooperative)
    away = EnrolmentFactory(program=program, cooperative=cooperative)
    url = f"/portal/dinas/program/{program.pk}/sesi/{session.pk}/kehadiran/"
    detail = office_client.get(f"/portal/dinas/program/{program.pk}/").content.decode()
    assert url in detail
    assert office_client.get(url).status_code == 200
    response = office_client.post(url, {"present": [there.pk]})
    assert response.status_code == 302
    rows = dict(
        Attendance.objects.filter(session=session).values_list(
            "enrolment_id", "present"
        )
    )
    assert rows == {there.pk: True, away.pk: False}


def test_attendance_of_a_province_wide_program_is_not_the_districts(office_client):
    program = ProgramFactory(district=None, past=True)
    session = SessionFactory(program=program, starts_at=at(days(-3)))
    url = f"/portal/dinas/program/{program.pk}/sesi/{session.pk}/kehadiran/"
    assert office_client.get(url).status_code == 404
    assert office_client.post(url, {"present": []}).status_code == 404


def test_another_districts_program_answers_404(other_office_client, program):
    session = SessionFactory(program=program)
    base = f"/portal/dinas/program/{program.pk}/"
    assert other_office_client.get(base).status_code == 404
    assert other_office_client.get(base + "usulkan/").status_code == 404
    assert (
        other_office_client.get(base + f"sesi/{session.pk}/kehadiran/").status_code
        == 404
    )
    body = other_office_client.get("/portal/dinas/program/").content.decode()
    assert program.title not in body


# --- The inbox ------------------------------------------------------------------
def test_escalated_arrears_reach_the_district_inbox(client):
    user = DistrictUserFactory(district=district("64.72"))
    elsewhere = DistrictUserFactory(district=district("64.71"))
    today = timezone.localdate()
    loan = LoanFactory(
        application__cooperative=CooperativeFactory(district=district("64.72")),
        oldest_unpaid_due_on=today - datetime.timedelta(days=31),
    )
    assert loan_arrears_escalate(today=today) >= 1
    client.force_login(user)
    body = client.get("/portal/notifikasi/").content.decode()
    assert loan.application.number in body
    assert "menunggak" in body
    client.force_login(elsewhere)
    assert (
        loan.application.number
        not in client.get("/portal/notifikasi/").content.decode()
    )


def test_district_user_reads_their_own_notifications(client):
    user = DistrictUserFactory(district=district("64.72"))
    other = DistrictUserFactory(district=district("64.72"))
    notification_create(
        user=user, kind="arrears_escalated", title="Tunggakan naik ke dinas", body="b"
    )
    notification_create(user=other, kind="x", title="Bukan untuk Anda", body="b")
    client.force_login(user)
    body = client.get("/portal/notifikasi/").content.decode()
    assert "Tunggakan naik ke dinas" in body
    assert "Bukan untuk Anda" not in body
    assert client.post("/portal/notifikasi/dibaca/").status_code == 302
    assert not user.notifications.filter(read_at__isnull=True).exists()


# --- Constant query counts ------------------------------------------------------
def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_run_a_constant_number_of_queries(office_client, program):
    def grow():
        cooperative = CooperativeFactory()
        submitted(cooperative)
        ProgramFactory(district=district("64.72"))
        EnrolmentFactory(program=program, cooperative=cooperative)

    grow()
    urls = (
        "/portal/dinas/",
        "/portal/dinas/laporan/",
        "/portal/dinas/program/",
        f"/portal/dinas/program/{program.pk}/",
    )
    before = {url: _queries(office_client, url) for url in urls}
    for _n in range(4):
        grow()
    after = {url: _queries(office_client, url) for url in urls}
    assert after == before
