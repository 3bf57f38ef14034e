"""Model rules and database constraints of programs, and their scoped querysets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.scope import Scope
from programs.models import Attendance, Enrolment, MentorAssignment, Program
from programs.selectors import program_list
from tests.factories import CooperativeFactory, district, officer_of

from .factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    SessionFactory,
    at,
    days,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": days(19)}, "ends_on"),
        ({"registration_closes": days(-11)}, "registration_closes"),
        ({"registration_closes": days(30)}, "registration_closes"),
        ({"quota": 0}, "quota"),
        ({"completion_rule_percent": 101}, "completion_rule_percent"),
        ({"completion_rule_percent": 0}, "completion_rule_percent"),
        ({"code": "diklat 2026/1"}, "code"),
        ({"kind": "seminar"}, "kind"),
        ({"topic": "memasak"}, "topic"),
        ({"audience": "everyone"}, "audience"),
        ({"year": 1990}, "year"),
    ],
)
def test_program_validation_names_the_field(overrides, field):
    program = ProgramFactory.build(**overrides)

    with pytest.raises(ValidationError) as exc:
        program.full_clean()

    assert field in exc.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"ends_on": days(19)}, "program_ends_after_start"),
        ({"registration_closes": days(-11)}, "program_registration_window"),
        ({"quota": 0}, "program_quota_positive"),
        ({"completion_rule_percent": 150}, "program_completion_rule_range"),
    ],
)
def test_program_constraints_hold_in_the_database(overrides, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ProgramFactory(**overrides)


def test_program_code_is_unique():
    ProgramFactory(code="BIMTEK-2026-001")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(code="BIMTEK-2026-001")


def test_session_must_fall_within_the_program_and_end_after_it_starts():
    program = ProgramFactory()
    outside = SessionFactory.build(
        program=program,
        starts_at=at(days(40)),
        ends_at=at(days(40), 12),
    )
    backwards = SessionFactory.build(
        program=program,
        starts_at=at(program.starts_on, 12),
        ends_at=at(program.starts_on, 9),
    )

    with pytest.raises(ValidationError) as outside_exc:
        outside.full_clean()
    with pytest.raises(ValidationError) as backwards_exc:
        backwards.full_clean()

    assert "starts_at" in outside_exc.value.message_dict
    assert "ends_at" in backwards_exc.value.message_dict


def test_one_live_enrolment_per_person_and_program_in_the_database():
    enrolment = EnrolmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(
            program=enrolment.program,
            person=enrolment.person,
            cooperative=enrolment.cooperative,
        )


def test_a_cancelled_enrolment_does_not_block_a_new_one():
    cancelled = EnrolmentFactory(status=Enrolment.Status.CANCELLED)

    again = EnrolmentFactory(
        program=cancelled.program,
        person=cancelled.person,
        cooperative=cancelled.cooperative,
    )

    assert again.pk


def test_only_a_completed_enrolment_holds_a_certificate():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(certificate_code="abc", status=Enrolment.Status.CONFIRMED)


def test_certificate_number_and_code_are_unique():
    first = EnrolmentFactory(
        status="completed", certificate_number="001/X/UPTD/I/2026", certificate_code="a"
    )

    for field in ("certificate_number", "certificate_code"):
        with pytest.raises(IntegrityError), transaction.atomic():
            EnrolmentFactory(status="completed", **{field: getattr(first, field)})


def test_attendance_once_per_enrolment_and_session():
    enrolment = EnrolmentFactory()
    session = SessionFactory(program=enrolment.program)
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(enrolment=enrolment, session=session)


def test_mentor_assignment_dates_and_year():
    mentoring = ProgramFactory(kind=Program.Kind.MENTORING, year=2026)
    backwards = MentorAssignmentFactory.build(
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 2, 1)
    )
    wrong_year = MentorAssignmentFactory.build(program=mentoring, year=2025)

    with pytest.raises(ValidationError) as backwards_exc:
        backwards.full_clean()
    with pytest.raises(ValidationError) as year_exc:
        wrong_year.full_clean()

    assert "ends_on" in backwards_exc.value.message_dict
    assert "year" in year_exc.value.message_dict


def test_visit_follow_up_not_before_the_visit_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringVisitFactory(visited_on=days(-2), follow_up_on=days(-5))


def test_every_change_is_audited():
    program = ProgramFactory()
    program.title = "Judul baru"
    program.save()

    assert program.history.count() == 2
    assert program.history.first().title == "Judul baru"


# --- Scope -----------------------------------------------------------------------


@pytest.fixture
def programs_by_district():
    return {
        "province": ProgramFactory(district=None),
        "64.72": ProgramFactory(district=district("64.72")),
        "64.71": ProgramFactory(district=district("64.71")),
        "draft": ProgramFactory(district=None, status=Program.Status.DRAFT),
    }


@pytest.mark.parametrize(
    ("scope", "visible"),
    [
        (Scope.province(), {"province", "64.72", "64.71", "draft"}),
        (Scope.district("64.72"), {"province", "64.72"}),
        (Scope.district("64.71"), {"province", "64.71"}),
        (Scope.nothing(), set()),
    ],
)
def test_program_restrict(programs_by_district, scope, visible):
    ids = set(Program.objects.restrict(scope).values_list("pk", flat=True))

    assert ids == {programs_by_district[key].pk for key in visible}


def test_officers_see_programs_of_their_cooperatives_districts(programs_by_district):
    user = officer_of(CooperativeFactory(district=district("64.71")))

    ids = set(
        Program.objects.restrict(Scope.for_user(user)).values_list("pk", flat=True)
    )

    assert ids == {
        programs_by_district["province"].pk,
        programs_by_district["64.71"].pk,
    }


def test_enrolment_and_mentoring_restrict_by_the_cooperatives_district():
    samarinda = EnrolmentFactory(
        cooperative=CooperativeFactory(district=district("64.72"))
    )
    EnrolmentFactory(cooperative=CooperativeFactory(district=district("64.71")))
    mentored = MentorAssignmentFactory(
        cooperative=CooperativeFactory(district=district("64.72"))
    )
    MentorAssignmentFactory(cooperative=CooperativeFactory(district=district("64.71")))
    scope = Scope.district("64.72")

    assert list(Enrolment.objects.restrict(scope)) == [samarinda]
    assert list(MentorAssignment.objects.restrict(scope)) == [mentored]


def test_seats_left_counts_confirmed_completed_and_no_show():
    program = ProgramFactory(quota=5)
    for status in ("confirmed", "completed", "no_show", "waitlisted", "cancelled"):
        EnrolmentFactory(program=program, status=status)

    row = program_list(scope=Scope.province()).get(pk=program.pk)

    assert row.seats_left == 2
