"""Programs under concurrency: the last seat and certificate numbers."""

import re
import time

import pytest

from programs import services
from programs.models import Enrolment
from programs.services import seats
from tests.factories import CooperativeFactory
from tests.programs.factories import EnrolmentFactory, ProgramFactory, officer_person

from .helpers import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_nominations_for_the_last_seat_confirm_one(monkeypatch):
    program = ProgramFactory(quota=1)
    people = [(c, officer_person(c)) for c in CooperativeFactory.create_batch(2)]
    counted = seats.seats_taken

    def slow_count(program):
        # Widen the window between counting the seats and taking one.
        taken = counted(program)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(
        "programs.services.enrolments.seats_taken", slow_count, raising=True
    )

    results = run_together(
        [
            lambda c=cooperative, p=person: (
                services.enrolment_nominate(
                    program_id=program.pk, person_id=p.pk, cooperative_id=c.pk, by=None
                ).status
            )
            for cooperative, person in people
        ]
    )

    assert sorted(results) == ["confirmed", "waitlisted"], results
    assert Enrolment.objects.filter(program=program, status="confirmed").count() == 1


def test_certificates_issued_at_once_get_unique_consecutive_numbers():
    program = ProgramFactory(past=True)
    enrolments = [
        EnrolmentFactory(program=program, status=Enrolment.Status.COMPLETED)
        for _ in range(6)
    ]

    results = run_together(
        [
            lambda pk=enrolment.pk: services.enrolment_certificate_issue(
                enrolment_id=pk, by=None
            )
            for enrolment in enrolments
        ]
    )

    assert all(isinstance(r, Enrolment) for r in results), results
    numbers = sorted(
        Enrolment.objects.filter(program=program).values_list(
            "certificate_number", flat=True
        )
    )
    assert [n.split("/")[0] for n in numbers] == [f"{i:03d}" for i in range(1, 7)]
    assert all(re.match(rf"^\d{{3}}/{program.code}/UPTD-PKUKM/", n) for n in numbers)
    codes = Enrolment.objects.filter(program=program).values_list(
        "certificate_code", flat=True
    )
    assert len(set(codes)) == 6
