"""The programs demo data: every kind, an open program with seats left, past
programs with certificates, mentoring with visits; a second run adds nothing."""

import datetime
import random

import pytest

from accounts.scope import Scope
from cooperatives.models import CooperativeRole
from demo import programs as demo
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
    assert completed.count() == 2
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
