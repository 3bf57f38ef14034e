"""The officers' program pages: open programs, nominating and cancelling, the
certificate link, the mentoring history, and their scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import CooperativeRole, Person
from programs import services
from programs.models import Enrolment, Program
from tests.factories import CooperativeFactory, district, officer_of
from tests.programs.factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    SessionFactory,
    at,
    days,
    officer_person,
    sessions_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Sumber Rezeki")


@pytest.fixture
def officer(cooperative):
    return officer_of(cooperative)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def member(cooperative):
    return officer_person(cooperative, role=CooperativeRole.Role.MEMBER)


@pytest.fixture
def program():
    return ProgramFactory(
        title="Bimtek Pembukuan Koperasi",
        kind=Program.Kind.TECHNICAL_GUIDANCE,
        audience=Program.Audience.MEMBERS,
        quota=2,
    )


def _url(cooperative, path=""):
    return f"/portal/koperasi/{cooperative.pk}/{path}"


def _program_url(cooperative, program, path=""):
    return _url(cooperative, f"program/{program.pk}/{path}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


# --- The list of open programs ------------------------------------------------------


def test_list_shows_open_programs_with_seats_left(officer_client, cooperative, program):
    EnrolmentFactory(program=program)
    closed = ProgramFactory(title="Diklat Sudah Tutup", registration_closes=days(-1))
    draft = ProgramFactory(title="Diklat Masih Draf", status=Program.Status.DRAFT)
    elsewhere = ProgramFactory(title="Diklat Balikpapan", district=district("64.71"))

    response = officer_client.get(_url(cooperative, "program/"))

    body = response.content.decode()
    assert response.status_code == 200
    assert program.title in body
    assert "1 kursi" in body
    assert program.registration_closes.strftime("%Y") in body
    for hidden in (closed, draft, elsewhere):
        assert hidden.title not in body


def test_list_filters_by_kind(officer_client, cooperative, program):
    training = ProgramFactory(title="Diklat Manajemen", kind=Program.Kind.TRAINING)

    response = officer_client.get(
        _url(cooperative, "program/"), {"jenis": "technical_guidance"}
    )

    body = response.content.decode()
    assert program.title in body
    assert training.title not in body


def test_list_of_nominated_programs_shows_past_ones(officer_client, cooperative):
    past = ProgramFactory(past=True, title="Diklat Tahun Lalu")
    EnrolmentFactory(program=past, cooperative=cooperative)
    other = ProgramFactory(past=True, title="Diklat Koperasi Lain")
    EnrolmentFactory(program=other)

    response = officer_client.get(_url(cooperative, "program/"), {"tampil": "diikuti"})

    body = response.content.decode()
    assert past.title in body
    assert other.title not in body


def test_list_query_count_is_constant(officer_client, cooperative):
    ProgramFactory()
    one = _queries(officer_client, _url(cooperative, "program/"))
    for _ in range(4):
        EnrolmentFactory(program=ProgramFactory(), cooperative=cooperative)

    many = _queries(officer_client, _url(cooperative, "program/"))
    nominated = _queries(officer_client, _url(cooperative, "program/?tampil=diikuti"))

    assert many == one
    assert nominated == one


def test_program_pages_of_another_cooperative_answer_404(
    officer_client, cooperative, program
):
    other = CooperativeFactory()
    enrolment = EnrolmentFactory(program=program, cooperative=other)
    elsewhere = ProgramFactory(district=district("64.71"))

    for url in (
        _url(other, "program/"),
        _program_url(other, program),
        _program_url(other, program, "usulkan/"),
        _program_url(other, program, f"peserta/{enrolment.pk}/batalkan/"),
        _program_url(cooperative, program, f"peserta/{enrolment.pk}/batalkan/"),
        _program_url(cooperative, elsewhere),
        _program_url(cooperative, ProgramFactory(status=Program.Status.DRAFT)),
        _url(other, "pendampingan/"),
    ):
        assert officer_client.get(url).status_code == 404, url
    response = officer_client.post(
        _program_url(cooperative, program, f"peserta/{enrolment.pk}/batalkan/")
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED


# --- The program page -----------------------------------------------------------------


def test_program_page_shows_sessions_and_this_cooperatives_participants(
    officer_client, cooperative, program
):
    first, second = sessions_for(program, 2)
    seated = EnrolmentFactory(program=program, cooperative=cooperative)
    EnrolmentFactory(program=program, cooperative=cooperative)
    waiting = EnrolmentFactory(
        program=program, cooperative=cooperative, status=Enrolment.Status.WAITLISTED
    )
    stranger = EnrolmentFactory(program=program)
    services.attendance_record(
        session_id=first.pk,
        present_ids=[seated.pk],
        by=None,
        today=first.starts_at.date(),
    )

    response = officer_client.get(_program_url(cooperative, program))

    body = response.content.decode()
    assert response.status_code == 200
    assert first.title in body
    assert second.title in body
    assert seated.person.name in body
    assert "1 dari 2 sesi" in body
    assert waiting.person.name in body
    assert "Daftar tunggu</span> nomor 1" in body
    assert stranger.person.name not in body
    assert "Usulkan peserta" in body


def test_program_page_query_count_is_constant(officer_client, cooperative, program):
    sessions_for(program, 2)
    EnrolmentFactory(program=program, cooperative=cooperative)
    one = _queries(officer_client, _program_url(cooperative, program))
    for _ in range(4):
        EnrolmentFactory(
            program=program,
            cooperative=cooperative,
            status=Enrolment.Status.WAITLISTED,
        )

    many = _queries(officer_client, _program_url(cooperative, program))

    assert many == one


def test_certificate_link_only_when_completed(officer_client, cooperative, client):
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    passed = EnrolmentFactory(program=program, cooperative=cooperative)
    absent = EnrolmentFactory(program=program, cooperative=cooperative)
    services.attendance_record(session_id=session.pk, present_ids=[passed.pk], by=None)
    page = officer_client.get(_program_url(cooperative, program)).content.decode()
    assert "Unduh sertifikat" not in page

    services.program_complete(program_id=program.pk, by=None)
    passed.refresh_from_db()
    absent.refresh_from_db()
    body = officer_client.get(_program_url(cooperative, program)).content.decode()

    assert body.count("Unduh sertifikat") == 1
    assert f"/certificates/{passed.certificate_code}/pdf/" in body
    assert absent.status == Enrolment.Status.NO_SHOW
    assert "Batalkan" not in body
    pdf = officer_client.get(f"/certificates/{passed.certificate_code}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_certificate_of_another_cooperative_is_not_downloadable(client):
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    theirs = EnrolmentFactory(program=program)
    services.attendance_record(session_id=session.pk, present_ids=[theirs.pk], by=None)
    services.program_complete(program_id=program.pk, by=None)
    theirs.refresh_from_db()
    client.force_login(officer_of(CooperativeFactory()))

    response = client.get(f"/certificates/{theirs.certificate_code}/pdf/")

    assert response.status_code == 404


# --- Nominating -------------------------------------------------------------------------


def _nominate(client, cooperative, program, **data):
    return client.post(_program_url(cooperative, program, "usulkan/"), data)


def test_nominate_form_lists_current_people_of_this_cooperative_only(
    officer_client, cooperative, program, member
):
    stranger = officer_person(CooperativeFactory())

    response = officer_client.get(_program_url(cooperative, program, "usulkan/"))

    body = response.content.decode()
    assert response.status_code == 200
    assert f"{member.name} — Anggota" in body
    assert stranger.name not in body
    assert 'inputmode="numeric"' in body


def test_nominate_a_member_confirms_them(officer_client, cooperative, program, member):
    response = _nominate(
        officer_client, cooperative, program, who="existing", person=member.pk
    )

    enrolment = Enrolment.objects.get(program=program, person=member)
    assert response.status_code == 302
    assert response.url == _program_url(cooperative, program)
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.cooperative == cooperative
    page = officer_client.get(response.url).content.decode()
    assert f"{member.name} terdaftar sebagai peserta" in page


def test_nominate_when_the_quota_is_full_waitlists_with_a_message(
    officer_client, cooperative, program, member
):
    EnrolmentFactory.create_batch(2, program=program)

    response = _nominate(
        officer_client, cooperative, program, who="existing", person=member.pk
    )

    enrolment = Enrolment.objects.get(program=program, person=member)
    assert enrolment.status == Enrolment.Status.WAITLISTED
    page = officer_client.get(response.url).content.decode()
    assert "masuk daftar tunggu nomor 1" in page


def test_nominate_a_new_person_by_nik(officer_client, cooperative, program):
    response = _nominate(
        officer_client,
        cooperative,
        program,
        who="new",
        nik="6472035506900002",
        name="Siti Aminah",
        sex="",
        phone="0812 3456 7890",
        email="siti@example.id",
    )

    assert response.status_code == 302
    person = Person.objects.get_by_nik("6472035506900002")
    assert person.name == "Siti Aminah"
    assert person.sex == Person.Sex.FEMALE
    assert Enrolment.objects.get(person=person).status == Enrolment.Status.CONFIRMED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"who": "existing", "person": ""}, "Pilih orang yang diusulkan."),
        ({"who": "existing", "person": "999999"}, "Pilih orang dari daftar"),
        ({"who": "new", "nik": "", "name": "Siti Aminah"}, "Masukkan NIK 16 digit"),
        ({"who": "new", "nik": "12345", "name": "Siti Aminah"}, "Masukkan NIK 16"),
        ({"who": "new", "nik": "6472035506900002", "name": ""}, "Masukkan nama"),
        (
            {"who": "new", "nik": "6472035506900002", "name": "Siti", "phone": "12"},
            "nomor telepon Indonesia",
        ),
    ],
)
def test_nominate_refuses_bad_input_in_indonesian(
    officer_client, cooperative, program, data, message
):
    response = _nominate(officer_client, cooperative, program, **data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada masalah" in body
    assert "<title>Galat:" in body
    assert message in body
    assert not Enrolment.objects.exists()
    if data.get("name"):
        assert f'value="{data["name"]}"' in body


def test_nominate_refuses_outside_the_registration_window(
    officer_client, cooperative, member
):
    program = ProgramFactory(registration_closes=days(-1))

    response = _nominate(
        officer_client, cooperative, program, who="existing", person=member.pk
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Pendaftaran program ini sudah ditutup" in body
    assert "Program ini tidak sedang menerima pendaftaran" in body
    assert not Enrolment.objects.exists()


def test_nominate_refuses_a_member_for_an_officers_program(
    officer_client, cooperative, member
):
    program = ProgramFactory(audience=Program.Audience.OFFICERS)

    response = _nominate(
        officer_client, cooperative, program, who="existing", person=member.pk
    )

    body = response.content.decode()
    assert "Program ini untuk pengurus, pengawas dan pengelola koperasi" in body
    assert 'href="#id_person"' in body
    assert not Enrolment.objects.exists()


def test_nominate_refuses_a_new_person_for_an_officers_program_at_the_nik(
    officer_client, cooperative
):
    program = ProgramFactory(audience=Program.Audience.OFFICERS)

    response = _nominate(
        officer_client,
        cooperative,
        program,
        who="new",
        nik="6472035506900002",
        name="Siti Aminah",
    )

    body = response.content.decode()
    assert "Program ini untuk pengurus" in body
    assert 'href="#id_nik"' in body
    assert not Person.objects.by_nik("6472035506900002").exists()


def test_nominate_refuses_the_same_person_twice(
    officer_client, cooperative, program, member
):
    _nominate(officer_client, cooperative, program, who="existing", person=member.pk)

    response = _nominate(
        officer_client, cooperative, program, who="existing", person=member.pk
    )

    assert "Orang ini sudah terdaftar di program ini." in response.content.decode()
    assert Enrolment.objects.filter(person=member).count() == 1


# --- Cancelling -------------------------------------------------------------------------


def test_cancel_asks_first_then_moves_the_waitlist_up(
    officer_client, cooperative, program
):
    seated = EnrolmentFactory(program=program, cooperative=cooperative)
    EnrolmentFactory(program=program)
    waiting = EnrolmentFactory(program=program, status=Enrolment.Status.WAITLISTED)
    url = _program_url(cooperative, program, f"peserta/{seated.pk}/batalkan/")

    confirm = officer_client.get(url)
    seated.refresh_from_db()
    assert confirm.status_code == 200
    assert "Ya, batalkan usulan" in confirm.content.decode()
    assert seated.status == Enrolment.Status.CONFIRMED

    response = officer_client.post(url, {"reason": "Sakit"})

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert response.status_code == 302
    assert seated.status == Enrolment.Status.CANCELLED
    assert seated.cancel_reason == "Sakit"
    assert waiting.status == Enrolment.Status.CONFIRMED


def test_cancel_refuses_a_completed_participant(officer_client, cooperative):
    program = ProgramFactory(past=True)
    done = EnrolmentFactory(
        program=program, cooperative=cooperative, status=Enrolment.Status.COMPLETED
    )

    response = officer_client.post(
        _program_url(cooperative, program, f"peserta/{done.pk}/batalkan/")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Galat:" in body
    assert "Hanya peserta terdaftar atau dalam daftar tunggu" in body


# --- Mentoring and the dashboard ------------------------------------------------------


def test_mentoring_history_shows_visits_of_this_cooperative(
    officer_client, cooperative
):
    visit = MentoringVisitFactory(
        assignment=MentorAssignmentFactory(cooperative=cooperative),
        findings="Buku kas belum ditutup tiap bulan.",
        recommendations="Tutup buku kas setiap akhir bulan.",
        follow_up_on=days(14),
    )
    MentoringVisitFactory(findings="Temuan koperasi lain.")

    response = officer_client.get(_url(cooperative, "pendampingan/"))

    body = response.content.decode()
    assert response.status_code == 200
    assert visit.findings in body
    assert visit.recommendations in body
    assert visit.assignment.mentor.name in body
    assert "Temuan koperasi lain." not in body


def test_mentoring_history_query_count_is_constant(officer_client, cooperative):
    MentoringVisitFactory(assignment=MentorAssignmentFactory(cooperative=cooperative))
    url = _url(cooperative, "pendampingan/")
    one = _queries(officer_client, url)
    for _ in range(3):
        MentoringVisitFactory.create_batch(
            2, assignment=MentorAssignmentFactory(cooperative=cooperative)
        )

    assert _queries(officer_client, url) == one


def test_dashboard_shows_sessions_of_the_coming_week(officer_client, cooperative):
    soon = ProgramFactory(
        title="Diklat Minggu Ini",
        registration_opens=days(-10),
        registration_closes=days(1),
        starts_on=days(2),
        ends_on=days(3),
    )
    SessionFactory(program=soon, starts_at=at(days(2), 9))
    later = ProgramFactory(title="Diklat Bulan Depan")
    SessionFactory(program=later)
    EnrolmentFactory.create_batch(2, program=soon, cooperative=cooperative)
    EnrolmentFactory(program=later, cooperative=cooperative)

    response = officer_client.get(_url(cooperative))

    body = response.content.decode()
    assert "Sesi program 7 hari ke depan" in body
    assert "Diklat Minggu Ini" in body
    assert "2 peserta dari koperasi ini" in body
    assert "Diklat Bulan Depan" not in body
    assert f'href="{_url(cooperative, "program/")}"' in body
    assert f'href="{_url(cooperative, "pendampingan/")}"' in body


def test_dashboard_has_no_session_item_without_confirmed_participants(
    officer_client, cooperative
):
    soon = ProgramFactory(
        registration_closes=days(1), starts_on=days(2), ends_on=days(3)
    )
    SessionFactory(program=soon, starts_at=at(days(2), 9))
    EnrolmentFactory(
        program=soon, cooperative=cooperative, status=Enrolment.Status.WAITLISTED
    )
    EnrolmentFactory(program=soon)

    body = officer_client.get(_url(cooperative)).content.decode()

    assert "Sesi program 7 hari ke depan" not in body


def test_dashboard_session_item_query_count_is_constant(officer_client, cooperative):
    def soon_program():
        program = ProgramFactory(
            registration_closes=days(1), starts_on=days(2), ends_on=days(3)
        )
        SessionFactory(program=program, starts_at=at(days(2), 9))
        EnrolmentFactory(program=program, cooperative=cooperative)

    soon_program()
    one = _queries(officer_client, _url(cooperative))
    for _ in range(3):
        soon_program()

    assert _queries(officer_client, _url(cooperative)) == one
