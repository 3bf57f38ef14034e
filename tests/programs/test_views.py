"""Public pages: the catalogue, a program's page, certificate verification (never
showing a NIK) and the certificate PDF for the people allowed to download it."""

import datetime

import pytest

from accounts.models import User
from cooperatives.models import Person
from programs.certificates import certificate_pdf
from programs.models import Program
from tests.factories import CooperativeFactory, UserFactory, district, officer_of
from tests.pdf_properties import AGENCY, PORTAL, author_and_creator

from .factories import EnrolmentFactory, ProgramFactory, SessionFactory, days

pytestmark = pytest.mark.django_db

CODE = "Zq3xv7U0cWm0yq1S4kVb9A"


@pytest.fixture
def certificate():
    cooperative = CooperativeFactory(
        name="Koperasi Mahakam Jaya", district=district("64.72")
    )
    program = ProgramFactory(past=True, title="Bimtek Penyusunan Laporan RAT", hours=32)
    return EnrolmentFactory(
        program=program,
        cooperative=cooperative,
        status="completed",
        certificate_seq=1,
        certificate_number=f"001/{program.code}/UPTD-PKUKM/XI/2026",
        certificate_code=CODE,
        certificate_issued_on=datetime.date(2026, 11, 2),
    )


# --- Catalogue -------------------------------------------------------------------


def test_catalogue_lists_announced_programs_without_login(client):
    shown = ProgramFactory(title="Diklat Kewirausahaan Koperasi Wanita")
    running = ProgramFactory(title="Bimtek Digitalisasi", status=Program.Status.ONGOING)
    ProgramFactory(title="Rancangan Rahasia", status=Program.Status.DRAFT)
    ProgramFactory(title="Program Batal", status=Program.Status.CANCELLED)

    response = client.get("/programs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert shown.title in html
    assert running.title in html
    assert "Rancangan Rahasia" not in html
    assert "Program Batal" not in html


def test_catalogue_filters_by_kind_district_month_and_open(client):
    ProgramFactory(
        title="Diklat Samarinda", district=district("64.72"), starts_on=days(20)
    )
    ProgramFactory(title="Diklat Balikpapan", district=district("64.71"))
    ProgramFactory(title="Bimtek Provinsi", kind=Program.Kind.TECHNICAL_GUIDANCE)
    ProgramFactory(
        title="Diklat Belum Dibuka",
        registration_opens=days(5),
        registration_closes=days(9),
    )
    month = days(20).strftime("%Y-%m")

    def titles(query):
        html = client.get(f"/programs/?{query}").content.decode()
        return {
            t
            for t in (
                "Diklat Samarinda",
                "Diklat Balikpapan",
                "Bimtek Provinsi",
                "Diklat Belum Dibuka",
            )
            if t in html
        }

    assert titles("kind=technical_guidance") == {"Bimtek Provinsi"}
    assert titles("district=64.72") == {
        "Diklat Samarinda",
        "Bimtek Provinsi",
        "Diklat Belum Dibuka",
    }
    assert "Diklat Samarinda" in titles(f"month={month}")
    assert "Diklat Belum Dibuka" not in titles("open=on")
    assert titles("kind=bogus") == set()


def test_program_page_shows_sessions_and_seats(client):
    program = ProgramFactory(quota=3)
    SessionFactory(program=program, title="Tata kelola koperasi", trainer="Dr. Rahmat")
    EnrolmentFactory(program=program)

    response = client.get(f"/programs/{program.code}/")

    html = response.content.decode()
    assert "Tata kelola koperasi" in html
    assert "Dr. Rahmat" in html
    assert "2 kursi tersisa" in html


def test_program_page_of_a_draft_is_404(client):
    draft = ProgramFactory(status=Program.Status.DRAFT)

    assert client.get(f"/programs/{draft.code}/").status_code == 404
    assert client.get("/programs/TIDAK-ADA-001/").status_code == 404


# --- Verification ----------------------------------------------------------------


def test_verification_page_confirms_without_any_nik(client, certificate):
    response = client.get(f"/certificates/{CODE}/")

    html = response.content.decode()
    person = certificate.person
    assert response.status_code == 200
    assert person.name in html
    assert "Bimtek Penyusunan Laporan RAT" in html
    assert certificate.certificate_number in html
    assert "32 JP" in html
    assert "Koperasi Mahakam Jaya" in html
    assert person.nik not in html
    assert person.masked_nik not in html
    assert person.nik[-4:] + "<" not in html
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("code", ["tidak-ada", CODE[:-1], "a" * 22])
def test_unknown_certificate_code_is_404(client, certificate, code):
    assert client.get(f"/certificates/{code}/").status_code == 404


def test_a_certificate_not_completed_is_not_verifiable(client, certificate):
    type(certificate).objects.filter(pk=certificate.pk).update(
        certificate_code=None, certificate_number=None
    )

    assert client.get(f"/certificates/{CODE}/").status_code == 404


# --- PDF -------------------------------------------------------------------------


def test_certificate_pdf_bytes(certificate):
    pdf = certificate_pdf(certificate, verify_url=f"https://kukm.example/c/{CODE}/")

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000
    assert author_and_creator(pdf) == (AGENCY, PORTAL)


def test_participant_downloads_their_certificate(client, certificate):
    user = UserFactory()
    Person.objects.filter(pk=certificate.person_id).update(user=user)
    client.force_login(user)

    response = client.get(f"/certificates/{CODE}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_staff_and_the_cooperatives_officer_download_it(
    client, staff_user, certificate
):
    officer = officer_of(certificate.cooperative)

    for user in (staff_user, officer):
        client.force_login(user)
        assert client.get(f"/certificates/{CODE}/pdf/").status_code == 200


def test_others_cannot_download_it(client, certificate):
    other_officer = officer_of(CooperativeFactory())
    other_district = UserFactory(role=User.Role.DISTRICT, district=district("64.71"))

    for user in (other_officer, other_district):
        client.force_login(user)
        assert client.get(f"/certificates/{CODE}/pdf/").status_code == 404
    client.logout()
    anonymous = client.get(f"/certificates/{CODE}/pdf/")
    assert anonymous.status_code == 302
    assert "/portal/" in anonymous["Location"]
