"""Registration closing in three days: officers of cooperatives in the audience that
have nominated no one are reminded, once."""

import pytest

from notifications.models import Notification
from programs.reminders import registration_closing_reminders_send
from tests.factories import CooperativeFactory, district, officer_of

from .factories import EnrolmentFactory, ProgramFactory, days, today

pytestmark = pytest.mark.django_db


def test_officers_who_nominated_no_one_are_reminded_once():
    program = ProgramFactory(registration_closes=days(3))
    silent = officer_of(CooperativeFactory())
    busy_cooperative = CooperativeFactory()
    busy = officer_of(busy_cooperative)
    EnrolmentFactory(program=program, cooperative=busy_cooperative)

    first = registration_closing_reminders_send(today=today())
    second = registration_closing_reminders_send(today=today())

    assert (first, second) == (1, 0)
    assert (
        Notification.objects.filter(
            user=silent, kind="program_registration_closing"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(user=busy).exists()


def test_district_programs_remind_only_their_district():
    ProgramFactory(registration_closes=days(3), district=district("64.71"))
    outside = officer_of(CooperativeFactory(district=district("64.72")))
    inside = officer_of(CooperativeFactory(district=district("64.71")))

    registration_closing_reminders_send(today=today())

    assert Notification.objects.filter(user=inside).count() == 1
    assert not Notification.objects.filter(user=outside).exists()


@pytest.mark.parametrize("closes_in", [2, 4])
def test_only_three_days_before_closing(closes_in):
    ProgramFactory(registration_closes=days(closes_in))
    officer_of(CooperativeFactory())

    assert registration_closing_reminders_send(today=today()) == 0
