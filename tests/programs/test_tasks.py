"""Program reminders: exactly once per session, day and recipient, also when the
task runs twice on a real worker; mentoring follow-ups; the beat schedule."""

import time

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from cooperatives.models import Person
from notifications.models import Notification, SentReminder
from programs.models import Program
from programs.reminders import follow_up_reminders_send, session_reminders_send
from programs.tasks import program_session_remind_task
from tests.factories import UserFactory
from tests.workers import thread_worker

from .factories import (
    EnrolmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    SessionFactory,
    at,
    days,
)


def _session_tomorrow(**program):
    program = ProgramFactory(
        starts_on=days(1),
        ends_on=days(3),
        registration_closes=days(0),
        **program,
    )
    return SessionFactory(program=program, starts_at=at(days(1), 9))


def _participant(session, **enrolment):
    user, nominator = UserFactory(), UserFactory()
    enrolment = EnrolmentFactory(
        program=session.program, nominated_by=nominator, **enrolment
    )
    Person.objects.filter(pk=enrolment.person_id).update(user=user)
    return user, nominator


@pytest.mark.django_db
def test_session_tomorrow_reaches_participant_and_nominator_once():
    session = _session_tomorrow()
    user, nominator = _participant(session)

    first = session_reminders_send(today=days(0))
    second = session_reminders_send(today=days(0))

    assert (first, second) == (2, 0)
    reminders = Notification.objects.filter(kind="program_session_tomorrow")
    assert sorted(reminders.values_list("user", flat=True)) == sorted(
        [user.pk, nominator.pk]
    )
    assert session.program.title in reminders.first().title
    assert SentReminder.objects.filter(object_ref=f"session:{session.pk}").count() == 2


@pytest.mark.django_db
def test_a_nominator_of_many_gets_one_reminder_per_session():
    session = _session_tomorrow()
    nominator = UserFactory()
    EnrolmentFactory.create_batch(3, program=session.program, nominated_by=nominator)

    sent = session_reminders_send(today=days(0))

    assert sent == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("enrolment", "program", "when"),
    [
        ({"status": "waitlisted"}, {}, 0),
        ({"status": "cancelled"}, {}, 0),
        ({}, {"status": Program.Status.CANCELLED}, 0),
        ({}, {}, -1),  # the session is the day after tomorrow
    ],
)
def test_no_reminder_for_the_waitlist_cancellations_or_later_days(
    enrolment, program, when
):
    session = _session_tomorrow(**program)
    _participant(session, **enrolment)

    assert session_reminders_send(today=days(when)) == 0


@pytest.mark.django_db
def test_follow_up_due_tomorrow_reminds_the_mentor_once():
    mentor_user = UserFactory()
    visit = MentoringVisitFactory(follow_up_on=days(1))
    Person.objects.filter(pk=visit.assignment.mentor_id).update(user=mentor_user)
    MentoringVisitFactory(follow_up_on=days(2))

    sent = [follow_up_reminders_send(today=days(0)) for _ in range(2)]

    assert sent == [1, 0]
    notification = Notification.objects.get(user=mentor_user)
    assert visit.assignment.cooperative.name in notification.title


@pytest.mark.django_db
def test_reminders_are_scheduled_in_celery_beat():
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))

    assert {
        "programs.tasks.program_session_remind_task",
        "programs.tasks.mentoring_follow_up_remind_task",
    } <= tasks


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.django_db(transaction=True)
def test_session_reminder_task_run_twice_by_a_real_worker_sends_once():
    mail.outbox = []
    session = _session_tomorrow()
    user, nominator = _participant(session)

    with thread_worker():
        program_session_remind_task.delay()
        program_session_remind_task.delay()
        _wait_for(lambda: len(mail.outbox) >= 2)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were coming

    assert Notification.objects.filter(kind="program_session_tomorrow").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, nominator.email])
