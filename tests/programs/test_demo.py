"""The programs demo data: every kind, an open program with seats left, past
programs with certificates, mentoring with visits; a second run adds nothing."""

import datetime
import random

import pytest

from accounts.models import User
from accounts.scope import Scope
from cooperatives.models import CooperativeRole
from demo import programs as demo
from programs import services
from programs.models import Enrolment, MentoringVisit, Program
from programs.selectors import mentoring_reactivation_stats, program_list
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    EnterpriseFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def registry():
    for code in ("64.72", "64.71", "64.02"):
        for cooperative in CooperativeFactory.create_batch(4, district=district(code)):
            CooperativeRoleFactory.create_batch(3, cooperative=cooperative)
            CooperativeRoleFactory.create_batch(
                3, cooperative=cooperative, role=CooperativeRole.Role.MEMBER
            )
        EnterpriseFactory.create_batch(5, district=district(code))
    officer_of(CooperativeFactory(), username="pengurus.demo")


def test_seed_shows_every_capability_and_is_idempotent(registry):
    first = demo.seed(random.Random(7), today=TODAY)
    second = demo.seed(random.Random(7), today=TODAY)

    assert first == second
    assert set(Program.objects.values_list("kind", flat=True)) == set(Program.Kind)
    open_programs = program_list(scope=Scope.province()).open_on(TODAY)
    assert any(p.seats_left > 0 and p.enrolments.exists() for p in open_programs)
    completed = Program.objects.filter(status=Program.Status.COMPLETED)
    assert completed.count() == 2 + len(demo.PAST_PLANS)
    assert Enrolment.objects.filter(
        program__in=completed, certificate_code__isnull=False
    ).exists()
    assert Enrolment.objects.filter(
        person__user__username="pengurus.demo", certificate_code__isnull=False
    ).exists()
    assert Enrolment.objects.filter(status="waitlisted").exists()
    assert MentoringVisit.objects.exists()
    assert first["sertifikat"] > 0
    (row,) = mentoring_reactivation_stats(scope=Scope.province())
    assert row["inactive_at_start"] == row["mentored"] > 0
    assert row["reactivated"] == 3


def test_seed_opens_a_program_with_seats_to_every_audience(registry):
    demo.seed(random.Random(7), today=TODAY)

    open_programs = program_list(scope=Scope.province()).open_on(TODAY)

    with_seats = {p.audience for p in open_programs if p.seats_left > 0}
    assert with_seats == set(Program.Audience)


def test_seed_holds_programs_with_participants_in_each_of_five_years(registry):
    demo.seed(random.Random(7), today=TODAY)

    years = range(TODAY.year - 4, TODAY.year + 1)

    for year in years:
        held = Enrolment.objects.filter(
            program__year=year, status=Enrolment.Status.COMPLETED
        )
        assert held.exists(), year


@pytest.mark.parametrize(
    ("audience", "role"),
    [
        (Program.Audience.OFFICERS, CooperativeRole.Role.OFFICER),
        (Program.Audience.MEMBERS, CooperativeRole.Role.MEMBER),
    ],
)
def test_the_demo_officer_can_nominate_to_an_open_program(registry, audience, role):
    demo.seed(random.Random(7), today=TODAY)
    officer = User.objects.get(username="pengurus.demo")
    scope = Scope.for_user(officer)
    cooperative = officer.person.roles.current(TODAY).get().cooperative
    colleague = CooperativeRoleFactory(cooperative=cooperative, role=role).person
    program = next(
        p
        for p in program_list(scope=scope).open_on(TODAY)
        if p.audience == audience and p.seats_left > 0
    )

    enrolment = services.enrolment_nominate(
        program_id=program.pk,
        person_id=colleague.pk,
        cooperative_id=cooperative.pk,
        by=officer,
        scope=scope,
        today=TODAY,
    )

    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.cooperative == cooperative
