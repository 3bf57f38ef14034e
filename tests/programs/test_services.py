"""Program services on the real database: quota and waitlist (concurrent: in
tests/concurrency),
eligibility, cancellation, attendance, completion and certificates, mentoring."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import CooperativeRole, Person
from notifications.models import Notification
from programs import services
from programs.models import Attendance, Enrolment, Program
from programs.services import completion
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    PersonFactory,
    UserFactory,
    district,
)

from .factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    ProgramFactory,
    days,
    officer_person,
    sessions_for,
)

pytestmark = pytest.mark.django_db


def nominate(program, cooperative=None, person=None, **kwargs):
    cooperative = cooperative or CooperativeFactory()
    person = person or officer_person(cooperative)
    return services.enrolment_nominate(
        program_id=program.pk,
        person_id=person.pk,
        cooperative_id=cooperative.pk,
        by=kwargs.pop("by", None),
        **kwargs,
    )


def error_fields(exc: ValidationError) -> set[str]:
    return set(exc.value.message_dict)


# --- Quota and waitlist ----------------------------------------------------------


def test_nominations_beyond_quota_are_waitlisted_first_come():
    program = ProgramFactory(quota=2)

    statuses = [nominate(program).status for _ in range(4)]

    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_nominate_records_the_cooperatives_district_and_nominator():
    program = ProgramFactory()
    cooperative = CooperativeFactory(district=district("64.71"))
    user = UserFactory()

    enrolment = nominate(program, cooperative, by=user)

    assert enrolment.district_id == "64.71"
    assert enrolment.nominated_by == user


def test_cancel_promotes_the_first_on_the_waitlist_and_tells_them():
    program = ProgramFactory(quota=1)
    seated = nominate(program)
    first_user, nominator = UserFactory(), UserFactory()
    first = nominate(program, person=None, by=nominator)
    Person.objects.filter(pk=first.person_id).update(user=first_user)
    second = nominate(program)

    services.enrolment_cancel(enrolment_id=seated.pk, by=None, reason="Sakit")

    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses == {
        seated.pk: "cancelled",
        first.pk: "confirmed",
        second.pk: "waitlisted",
    }
    told = Notification.objects.filter(kind="enrolment_promoted")
    assert sorted(told.values_list("user", flat=True)) == sorted(
        [first_user.pk, nominator.pk]
    )
    assert program.title in told.first().title


def test_cancel_of_a_waitlisted_person_promotes_nobody():
    program = ProgramFactory(quota=1)
    nominate(program)
    waiting = nominate(program)
    last = nominate(program)

    services.enrolment_cancel(enrolment_id=waiting.pk, by=None)

    last.refresh_from_db()
    assert last.status == "waitlisted"
    assert not Notification.objects.filter(kind="enrolment_promoted").exists()


@pytest.mark.parametrize("status", ["completed", "no_show", "cancelled"])
def test_cancel_refuses_a_closed_enrolment(status):
    enrolment = EnrolmentFactory(status=status)

    with pytest.raises(ValidationError):
        services.enrolment_cancel(enrolment_id=enrolment.pk, by=None)


def test_larger_quota_lets_the_waitlist_move_up():
    program = ProgramFactory(quota=1)
    nominate(program)
    waiting = nominate(program)

    services.program_update(program_id=program.pk, data={"quota": 2}, by=None)

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_quota_below_the_seated_participants_is_refused():
    program = ProgramFactory(quota=3)
    nominate(program)
    nominate(program)

    with pytest.raises(ValidationError) as exc:
        services.program_update(program_id=program.pk, data={"quota": 1}, by=None)

    assert error_fields(exc) == {"quota"}


# --- Refusals --------------------------------------------------------------------


def test_a_person_cannot_be_enrolled_twice():
    program = ProgramFactory()
    cooperative = CooperativeFactory()
    person = officer_person(cooperative)
    nominate(program, cooperative, person)

    with pytest.raises(ValidationError) as exc:
        nominate(program, cooperative, person)

    assert "sudah terdaftar" in exc.value.message_dict["person"][0]
    assert Enrolment.objects.count() == 1


def test_after_a_cancellation_the_person_can_be_nominated_again():
    program = ProgramFactory()
    cooperative = CooperativeFactory()
    person = officer_person(cooperative)
    first = nominate(program, cooperative, person)
    services.enrolment_cancel(enrolment_id=first.pk, by=None)

    again = nominate(program, cooperative, person)

    assert again.status == "confirmed"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_opens": days(1), "registration_closes": days(5)}, "dibuka"),
        ({"registration_opens": days(-9), "registration_closes": days(-1)}, "ditutup"),
        ({"status": Program.Status.DRAFT}, "tidak sedang menerima"),
        ({"status": Program.Status.ONGOING}, "tidak sedang menerima"),
    ],
)
def test_nomination_outside_the_registration_window_is_refused(overrides, message):
    program = ProgramFactory(**overrides)

    with pytest.raises(ValidationError) as exc:
        nominate(program)

    assert message in exc.value.message_dict["program"][0]


def test_registration_window_includes_its_last_day():
    program = ProgramFactory(registration_closes=days(0))

    assert nominate(program).status == "confirmed"


@pytest.mark.parametrize(
    ("role", "accepted"),
    [
        (CooperativeRole.Role.OFFICER, True),
        (CooperativeRole.Role.SUPERVISOR, True),
        (CooperativeRole.Role.MANAGER, True),
        (CooperativeRole.Role.MEMBER, False),
        (CooperativeRole.Role.EMPLOYEE, False),
    ],
)
def test_officer_programs_take_officers_supervisors_and_managers(role, accepted):
    program = ProgramFactory(audience=Program.Audience.OFFICERS)
    cooperative = CooperativeFactory()
    person = officer_person(cooperative, role=role)

    if accepted:
        assert nominate(program, cooperative, person).status == "confirmed"
    else:
        with pytest.raises(ValidationError) as exc:
            nominate(program, cooperative, person)
        assert "pengurus" in exc.value.message_dict["person"][0]


def test_officer_programs_refuse_an_ended_role_or_another_cooperative():
    program = ProgramFactory(audience=Program.Audience.OFFICERS)
    cooperative = CooperativeFactory()
    ended = officer_person(cooperative, ends_on=datetime.date(2025, 1, 1))
    elsewhere = officer_person(CooperativeFactory())

    for person in (ended, elsewhere):
        with pytest.raises(ValidationError) as exc:
            nominate(program, cooperative, person)
        assert error_fields(exc) == {"person"}


def test_member_programs_need_the_nominating_cooperative():
    program = ProgramFactory(audience=Program.Audience.MEMBERS)
    person = PersonFactory()

    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(program_id=program.pk, person_id=person.pk, by=None)

    assert error_fields(exc) == {"cooperative"}


def test_sme_programs_take_enterprise_owners_only():
    program = ProgramFactory(audience=Program.Audience.SMES)
    owner = EnterpriseFactory(district=district("64.74")).owner
    stranger = PersonFactory()

    enrolment = services.enrolment_nominate(
        program_id=program.pk, person_id=owner.pk, by=None
    )
    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(
            program_id=program.pk, person_id=stranger.pk, by=None
        )

    assert enrolment.district_id == "64.74"
    assert "UMKM" in exc.value.message_dict["person"][0]


def test_district_programs_take_only_that_districts_cooperatives():
    program = ProgramFactory(district=district("64.72"))
    balikpapan = CooperativeFactory(district=district("64.71"))
    samarinda = CooperativeFactory(district=district("64.72"))

    assert nominate(program, samarinda).status == "confirmed"
    with pytest.raises(ValidationError) as exc:
        nominate(program, balikpapan)
    assert "Kota Samarinda" in exc.value.message_dict["cooperative"][0]


def test_district_sme_programs_need_an_enterprise_in_that_district():
    program = ProgramFactory(audience=Program.Audience.SMES, district=district("64.72"))
    owner = EnterpriseFactory(district=district("64.71")).owner

    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(program_id=program.pk, person_id=owner.pk, by=None)

    assert error_fields(exc) == {"person"}


def test_dissolved_cooperative_cannot_nominate():
    program = ProgramFactory()
    cooperative = CooperativeFactory(status="dissolved")

    with pytest.raises(ValidationError) as exc:
        nominate(program, cooperative)

    assert error_fields(exc) == {"cooperative"}


def test_a_district_scope_nominates_only_its_own_people():
    program = ProgramFactory()
    balikpapan = CooperativeFactory(district=district("64.71"))

    with pytest.raises(ValidationError) as exc:
        nominate(program, balikpapan, scope=Scope.district("64.72"))
    enrolment = nominate(program, balikpapan, scope=Scope.district("64.71"))

    assert "wilayah" in exc.value.message_dict["cooperative"][0]
    assert enrolment.status == "confirmed"


# --- Nomination by NIK -----------------------------------------------------------


def test_nominate_by_nik_registers_an_unknown_person():
    program = ProgramFactory(audience=Program.Audience.MEMBERS)
    cooperative = CooperativeFactory()
    nik = "6472034512900002"

    enrolment = services.enrolment_nominate_by_nik(
        program_id=program.pk,
        nik=nik,
        name="Rina Marlina",
        phone="0812-3456-7890",
        cooperative_id=cooperative.pk,
        by=None,
    )

    person = Person.objects.get_by_nik(nik)
    assert enrolment.person == person
    assert person.sex == "female"
    assert person.phone == "+6281234567890"


def test_nominate_by_nik_finds_a_known_person_and_keeps_their_name():
    program = ProgramFactory(audience=Program.Audience.MEMBERS)
    cooperative = CooperativeFactory()
    known = PersonFactory(name="Budi Santoso")

    enrolment = services.enrolment_nominate_by_nik(
        program_id=program.pk,
        nik=known.nik,
        name="Budi S.",
        email="budi@example.id",
        cooperative_id=cooperative.pk,
        by=None,
    )

    known.refresh_from_db()
    assert enrolment.person_id == known.pk
    # The identity is the staff's: the nomination records what it was given.
    assert (known.name, known.email) == ("Budi Santoso", "")
    assert (enrolment.participant_name, enrolment.participant_email) == (
        "Budi S.",
        "budi@example.id",
    )
    assert Person.objects.count() == 1


def test_a_refused_nomination_by_nik_registers_nobody():
    program = ProgramFactory(audience=Program.Audience.OFFICERS)

    with pytest.raises(ValidationError):
        services.enrolment_nominate_by_nik(
            program_id=program.pk,
            nik="6472031205850009",
            name="Orang Baru",
            cooperative_id=CooperativeFactory().pk,
            by=None,
        )

    assert not Person.objects.by_nik("6472031205850009").exists()


def test_nominate_by_nik_refuses_a_malformed_nik():
    program = ProgramFactory(audience=Program.Audience.MEMBERS)

    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate_by_nik(
            program_id=program.pk, nik="6472031399850009", name="X", by=None
        )

    assert error_fields(exc) == {"nik"}


# --- Program lifecycle -----------------------------------------------------------


def test_program_moves_from_draft_to_published_to_ongoing():
    program = ProgramFactory(status=Program.Status.DRAFT)

    services.program_publish(program_id=program.pk, by=None)
    services.program_start(program_id=program.pk, by=None)

    program.refresh_from_db()
    assert program.status == "ongoing"
    with pytest.raises(ValidationError):
        services.program_publish(program_id=program.pk, by=None)


def test_program_cancel_cancels_open_enrolments_and_tells_participants():
    program = ProgramFactory(quota=1)
    user = UserFactory()
    seated = nominate(program, by=user)
    waiting = nominate(program)

    services.program_cancel(program_id=program.pk, by=None)

    assert set(
        Enrolment.objects.filter(pk__in=[seated.pk, waiting.pk]).values_list(
            "status", flat=True
        )
    ) == {"cancelled"}
    assert Notification.objects.filter(user=user, kind="program_cancelled").exists()
    with pytest.raises(ValidationError):
        services.enrolment_cancel(enrolment_id=seated.pk, by=None)


def test_program_update_refuses_a_status_change_and_a_closed_program():
    program = ProgramFactory()
    closed = ProgramFactory(status=Program.Status.COMPLETED)

    with pytest.raises(ValidationError) as exc:
        services.program_update(
            program_id=program.pk, data={"status": "completed"}, by=None
        )
    with pytest.raises(ValidationError):
        services.program_update(program_id=closed.pk, data={"title": "X"}, by=None)

    assert error_fields(exc) == {"status"}


# --- Attendance and completion ---------------------------------------------------


def _held_program(attended: list[int], sessions: int = 5, **overrides):
    """A past program with one confirmed participant per entry of `attended`,
    present at that many of its sessions."""
    program = ProgramFactory(past=True, **overrides)
    held = sessions_for(program, sessions)
    enrolments = [EnrolmentFactory(program=program) for _ in attended]
    for index, session in enumerate(held):
        services.attendance_record(
            session_id=session.pk,
            present_ids=[
                e.pk for e, n in zip(enrolments, attended, strict=True) if index < n
            ],
            by=None,
        )
    return program, enrolments


@pytest.mark.parametrize(
    ("attended", "sessions", "percent", "completes"),
    [
        (4, 5, 80, True),
        (3, 5, 80, False),
        (20, 25, 80, True),
        (19, 24, 80, False),  # 79.2%
        (5, 5, 100, True),
        (4, 5, 100, False),
        (0, 0, 80, False),
    ],
)
def test_meets_rule_boundaries(attended, sessions, percent, completes):
    assert (
        completion.meets_rule(attended=attended, sessions=sessions, percent=percent)
        is completes
    )


def test_program_complete_at_the_80_percent_boundary():
    program, (four, three) = _held_program([4, 3])

    services.program_complete(program_id=program.pk, by=None)

    four.refresh_from_db()
    three.refresh_from_db()
    program.refresh_from_db()
    assert (four.status, three.status) == ("completed", "no_show")
    assert program.status == "completed"
    assert four.certificate_code
    assert four.certificate_number
    assert three.certificate_code is None


def test_completion_rule_of_the_program_is_used():
    program, (four,) = _held_program([4], completion_rule_percent=100)

    services.program_complete(program_id=program.pk, by=None)

    four.refresh_from_db()
    assert four.status == "no_show"


def test_certificates_are_numbered_per_program_and_codes_are_unique():
    program, _ = _held_program([5, 5, 4])

    services.program_complete(program_id=program.pk, by=None)

    certificates = list(
        Enrolment.objects.filter(program=program)
        .order_by("certificate_seq")
        .values_list("certificate_number", "certificate_code")
    )
    numbers = [n for n, _ in certificates]
    codes = [c for _, c in certificates]
    pattern = rf"^00[123]/{program.code}/UPTD-PKUKM/[IVX]+/\d{{4}}$"
    assert all(re.match(pattern, n) for n in numbers), numbers
    assert [n.split("/")[0] for n in numbers] == ["001", "002", "003"]
    assert len(set(codes)) == 3
    assert all(len(c) >= 20 for c in codes)


def test_certificate_issue_is_once_per_completion():
    program, (enrolment,) = _held_program([5])
    services.program_complete(program_id=program.pk, by=None)
    enrolment.refresh_from_db()
    first = (enrolment.certificate_number, enrolment.certificate_code)

    again = services.enrolment_certificate_issue(enrolment_id=enrolment.pk, by=None)
    issued = services.certificates_issue(program_id=program.pk, by=None)

    assert (again.certificate_number, again.certificate_code) == first
    assert issued == 0


def test_completion_tells_the_participant_where_to_verify():
    program, (enrolment,) = _held_program([5])
    user = UserFactory()
    Person.objects.filter(pk=enrolment.person_id).update(user=user)

    services.program_complete(program_id=program.pk, by=None)

    enrolment.refresh_from_db()
    notification = Notification.objects.get(user=user, kind="certificate_issued")
    assert notification.link == f"/certificates/{enrolment.certificate_code}/"


def test_program_complete_releases_the_waitlist():
    program, _ = _held_program([5], quota=1)
    waiting = EnrolmentFactory(program=program, status="waitlisted")

    services.program_complete(program_id=program.pk, by=None)

    waiting.refresh_from_db()
    assert waiting.status == "cancelled"


def test_program_complete_refuses_before_the_end_or_without_sessions():
    upcoming = ProgramFactory()
    sessions_for(upcoming, 2)
    empty = ProgramFactory(past=True)

    for program in (upcoming, empty):
        with pytest.raises(ValidationError):
            services.program_complete(program_id=program.pk, by=None)


def test_evaluate_again_after_attendance_is_corrected():
    program, (enrolment,) = _held_program([3])
    services.program_complete(program_id=program.pk, by=None)
    enrolment.refresh_from_db()
    assert enrolment.status == "no_show"
    missed = program.sessions.order_by("-starts_at").first()
    Attendance.objects.filter(enrolment=enrolment, session=missed).update(present=True)

    services.enrolment_evaluate(enrolment_id=enrolment.pk, by=None)

    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.certificate_code


def test_attendance_record_saves_the_whole_session_and_can_be_corrected():
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    a, b = EnrolmentFactory.create_batch(2, program=program)

    services.attendance_record(session_id=session.pk, present_ids=[a.pk], by=None)
    services.attendance_record(session_id=session.pk, present_ids=[b.pk], by=None)

    assert dict(Attendance.objects.values_list("enrolment", "present")) == {
        a.pk: False,
        b.pk: True,
    }


def test_attendance_is_refused_for_a_session_not_yet_held():
    program = ProgramFactory()  # starts in 20 days
    (session,) = sessions_for(program, 1)
    enrolment = EnrolmentFactory(program=program)
    held_on = timezone.localtime(session.starts_at).date()

    with pytest.raises(ValidationError) as exc:
        services.attendance_record(
            session_id=session.pk, present_ids=[enrolment.pk], by=None
        )
    services.attendance_record(
        session_id=session.pk, present_ids=[enrolment.pk], by=None, today=held_on
    )

    assert error_fields(exc) == {"session"}
    assert Attendance.objects.get().present is True


def test_attendance_refuses_people_outside_the_program_and_closed_programs():
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    outsider = EnrolmentFactory()
    waiting = EnrolmentFactory(program=program, status="waitlisted")
    draft = ProgramFactory(status=Program.Status.DRAFT)
    (draft_session,) = sessions_for(draft, 1)

    for ids in ([outsider.pk], [waiting.pk]):
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(session_id=session.pk, present_ids=ids, by=None)
        assert error_fields(exc) == {"present"}
    with pytest.raises(ValidationError):
        services.attendance_record(session_id=draft_session.pk, present_ids=[], by=None)


# --- Mentoring -------------------------------------------------------------------


def test_mentor_assign_and_log_a_visit():
    cooperative = CooperativeFactory()
    mentor = PersonFactory()

    assignment = services.mentor_assign(
        mentor_id=mentor.pk,
        cooperative_id=cooperative.pk,
        field="institutional",
        year=days(0).year,
        starts_on=days(-10),
        by=None,
    )
    visit = services.mentoring_visit_log(
        assignment_id=assignment.pk,
        visited_on=days(-3),
        findings="Pengurus belum menyusun laporan keuangan 2024.",
        recommendations="Ikut bimtek penyusunan RAT.",
        follow_up_on=days(20),
        by=None,
    )

    assert visit.assignment.cooperative == cooperative


def test_mentor_assign_refuses_a_dissolved_cooperative():
    cooperative = CooperativeFactory(status="dissolved")

    with pytest.raises(ValidationError) as exc:
        services.mentor_assign(
            mentor_id=PersonFactory().pk,
            cooperative_id=cooperative.pk,
            field="marketing",
            year=2026,
            starts_on=datetime.date(2026, 2, 1),
            by=None,
        )

    assert error_fields(exc) == {"cooperative"}


@pytest.mark.parametrize(
    ("visited_on", "follow_up_on", "field"),
    [
        (days(-40), None, "visited_on"),  # before the assignment started
        (days(-3), days(-5), "follow_up_on"),
    ],
)
def test_visit_dates_are_checked(visited_on, follow_up_on, field):
    assignment = MentorAssignmentFactory(starts_on=days(-30))

    with pytest.raises(ValidationError) as exc:
        services.mentoring_visit_log(
            assignment_id=assignment.pk,
            visited_on=visited_on,
            findings="Temuan",
            follow_up_on=follow_up_on,
            by=None,
        )

    assert field in str(exc.value.message_dict)
