import datetime
import time

import pytest
from django.core import mail

from cooperatives.models import AnnualReport
from cooperatives.reminders import rat_report_reminders_send
from cooperatives.tasks import rat_report_remind_task
from notifications.models import Notification, SentReminder
from tests.factories import AnnualReportFactory, CooperativeFactory, officer_of
from tests.workers import thread_worker

DUE_DAY = datetime.date(2026, 3, 1)
OVERDUE_DAY = datetime.date(2026, 8, 1)


@pytest.mark.django_db
def test_rat_reminder_reaches_each_officer_once_per_period():
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)

    first = rat_report_reminders_send(today=DUE_DAY)
    second = rat_report_reminders_send(today=DUE_DAY)

    assert (first, second) == (1, 0)
    notification = Notification.objects.get(user=officer)
    assert notification.kind == "rat_report_due"
    assert "2025" in notification.title


@pytest.mark.django_db
def test_rat_reminder_overdue_is_a_second_reminder():
    officer = officer_of(CooperativeFactory())

    rat_report_reminders_send(today=DUE_DAY)
    rat_report_reminders_send(today=OVERDUE_DAY)
    rat_report_reminders_send(today=OVERDUE_DAY)

    kinds = sorted(
        Notification.objects.filter(user=officer).values_list("kind", flat=True)
    )
    assert kinds == ["rat_report_due", "rat_report_overdue"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        (AnnualReport.Status.DRAFT, 1),
        (AnnualReport.Status.RETURNED, 1),
        (AnnualReport.Status.SUBMITTED, 0),
        (AnnualReport.Status.VERIFIED, 0),
    ],
)
def test_rat_reminder_skips_filed_reports(status, reminded):
    cooperative = CooperativeFactory()
    officer_of(cooperative)
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2025,
        status=status,
        rat_held_on=datetime.date(2026, 2, 1),
    )

    sent = rat_report_reminders_send(today=DUE_DAY)

    assert sent == reminded


@pytest.mark.django_db
def test_rat_reminder_skips_dissolved_cooperatives_and_ended_roles():
    dissolved = CooperativeFactory(status="dissolved")
    officer_of(dissolved)
    cooperative = CooperativeFactory()
    user = officer_of(cooperative)
    user.person.roles.update(ends_on=datetime.date(2025, 12, 31))

    sent = rat_report_reminders_send(today=DUE_DAY)

    assert sent == 0


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.django_db(transaction=True)
def test_rat_reminder_task_run_twice_by_a_real_worker_sends_once():
    mail.outbox = []
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)

    with thread_worker():
        rat_report_remind_task.delay()
        rat_report_remind_task.delay()
        _wait_for(lambda: len(mail.outbox) >= 1)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were coming

    assert SentReminder.objects.filter(user=officer).count() == 1
    assert Notification.objects.filter(user=officer).count() == 1
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert Notification.objects.get(user=officer).emailed_at is not None
