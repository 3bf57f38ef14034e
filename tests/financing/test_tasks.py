"""Financing reminders: who gets what, when, and exactly once (also through a
real Celery worker on Redis)."""

import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from financing import reminders
from financing.models import Installment
from financing.tasks import (
    application_review_remind_task,
    installment_remind_task,
    loan_arrears_escalate_task,
)
from notifications.models import Notification, SentReminder
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    StaffFactory,
    officer_of,
)
from tests.workers import thread_worker

from .factories import ApplicationFactory, LoanFactory

DAY = datetime.timedelta(days=1)


def _installment(loan, today, days_from_today, number=1, **kwargs):
    return Installment.objects.create(
        loan=loan,
        number=number,
        due_date=today + days_from_today * DAY,
        principal=Decimal(1_000_000),
        interest=Decimal(50_000),
        balance=Decimal(0),
        **kwargs,
    )


def _send_installment_reminders(today) -> int:
    return sum(
        reminders.installment_reminders_send(pairs=pairs, today=today)
        for pairs in reminders.installment_reminder_batches(today=today)
    )


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [
        (8, None),
        (7, "due-7"),
        (2, "due-7"),
        (1, "due-1"),
        (0, "due-1"),
        (-1, "overdue-1"),
        (-7, "overdue-1"),
        (-8, None),
        (-30, "overdue-30"),
        (-36, "overdue-30"),
        (-37, None),
        (-60, "overdue-60"),
        (-66, "overdue-60"),
        (-67, None),
    ],
)
def test_installment_stage_windows(days_left, stage):
    today = datetime.date(2026, 5, 20)

    assert reminders.installment_stage(today + days_left * DAY, today) == stage


@pytest.mark.django_db
def test_installment_reminders_reach_officers_once(today):
    cooperative = CooperativeFactory()
    officers = [officer_of(cooperative), officer_of(cooperative)]
    loan = LoanFactory(application__cooperative=cooperative)
    due_soon = _installment(loan, today, 7, number=1)
    overdue = _installment(loan, today, -30, number=2)
    _installment(
        loan,
        today,
        -3,
        number=3,
        paid_on=today,
        principal_paid=1_000_000,
        interest_paid=50_000,
    )
    _installment(loan, today, 20, number=4)

    first = _send_installment_reminders(today)
    second = _send_installment_reminders(today)

    assert (first, second) == (4, 0)
    sent = SentReminder.objects.filter(user=officers[0])
    assert sorted(sent.values_list("object_ref", "period")) == [
        (f"installment:{due_soon.pk}", "due-7"),
        (f"installment:{overdue.pk}", "overdue-30"),
    ]
    titles = Notification.objects.filter(user=officers[1]).values_list(
        "title", flat=True
    )
    assert any("terlambat" in title for title in titles)


@pytest.mark.django_db
def test_installment_reminders_follow_the_stages(today):
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    loan = LoanFactory(application__cooperative=cooperative)
    installment = _installment(loan, today, 7)

    for days_later in (0, 1, 5, 6, 7, 8, 37, 67):
        _send_installment_reminders(today + days_later * DAY)

    periods = SentReminder.objects.filter(user=officer).values_list("period", flat=True)
    assert sorted(periods) == sorted(
        ["due-7", "due-1", "overdue-1", "overdue-30", "overdue-60"]
    )
    assert installment.pk


@pytest.mark.django_db
def test_installment_reminders_for_an_sme_go_to_its_cooperative(today):
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    member = LoanFactory(
        application__cooperative=None,
        application__enterprise=EnterpriseFactory(cooperative=cooperative),
    )
    alone = LoanFactory(
        application__cooperative=None, application__enterprise=EnterpriseFactory()
    )
    _installment(member, today, 1)
    _installment(alone, today, 1)

    sent = _send_installment_reminders(today)

    # An SME without a cooperative has no portal account to remind (yet).
    assert sent == 1
    assert SentReminder.objects.get().user == officer


@pytest.mark.django_db
def test_installment_reminder_batch_with_rows_gone_is_a_no_op(today):
    assert (
        reminders.installment_reminders_send(pairs=[[999999, 999999]], today=today) == 0
    )


@pytest.mark.django_db
def test_arrears_escalate_to_the_district_once_per_band(today, make_api_client):
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    samarinda_staff = DistrictUserFactory()
    DistrictUserFactory(district_id="64.71")
    make_api_client("64.72")  # a token's service user is not a person to tell
    loan = LoanFactory(
        application__cooperative=cooperative,
        oldest_unpaid_due_on=today - 31 * DAY,
    )
    # Exactly at the threshold: not yet; 30 days later its district hears of it.
    LoanFactory(oldest_unpaid_due_on=today - 30 * DAY)

    first = reminders.loan_arrears_escalate(today=today)
    again = reminders.loan_arrears_escalate(today=today)
    next_band = reminders.loan_arrears_escalate(today=today + 30 * DAY)

    assert (first, again, next_band) == (2, 0, 3)
    records = SentReminder.objects.filter(object_ref=f"loan:{loan.pk}")
    assert sorted(records.values_list("user_id", "period")) == sorted(
        [
            (samarinda_staff.pk, "dpd-31-60"),
            (officer.pk, "dpd-31-60"),
            (samarinda_staff.pk, "dpd-61-90"),
            (officer.pk, "dpd-61-90"),
        ]
    )
    body = Notification.objects.filter(user=samarinda_staff).first().body
    assert "menunggak" in body


@pytest.mark.django_db
def test_review_reminder_after_the_service_level(settings):
    settings.FINANCING_REVIEW_SLA_DAYS = 14
    now = timezone.now()
    staff = [StaffFactory(), StaffFactory()]
    reviewer = StaffFactory()
    waiting = ApplicationFactory(status="submitted", submitted_at=now - 16 * DAY)
    assigned = ApplicationFactory(
        status="under_review", submitted_at=now - 20 * DAY, reviewer=reviewer
    )
    ApplicationFactory(status="submitted", submitted_at=now - 5 * DAY)
    ApplicationFactory(
        status="approved",
        submitted_at=now - 30 * DAY,
        approved_amount=Decimal(1_000_000),
        budget_year=2026,
    )
    today = timezone.localdate()

    first = reminders.application_review_reminders_send(today=today)
    second = reminders.application_review_reminders_send(today=today)

    assert (first, second) == (4, 0)
    assert set(
        SentReminder.objects.filter(object_ref=f"application:{waiting.pk}").values_list(
            "user_id", flat=True
        )
    ) == {user.pk for user in staff} | {reviewer.pk}
    assert SentReminder.objects.get(object_ref=f"application:{assigned.pk}").user == (
        reviewer
    )


@pytest.mark.django_db
def test_periodic_tasks_are_scheduled():
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))

    assert {
        "financing.tasks.installment_remind_task",
        "financing.tasks.loan_arrears_escalate_task",
        "financing.tasks.application_review_remind_task",
    } <= tasks


@pytest.mark.django_db
def test_escalation_and_review_tasks_call_their_services():
    assert loan_arrears_escalate_task() == 0
    assert application_review_remind_task() == 0


def _wait_for(condition, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.django_db(transaction=True)
def test_installment_reminders_through_a_real_worker_arrive_once():
    today = timezone.localdate()
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    loan = LoanFactory(application__cooperative=cooperative)
    installments = [
        _installment(loan, today, days, number=n)
        for n, days in enumerate((1, 7, -1), start=1)
    ]

    with thread_worker():
        installment_remind_task.delay()
        installment_remind_task.delay()
        _wait_for(lambda: Notification.objects.filter(user=officer).count() >= 3)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were coming

    refs = SentReminder.objects.filter(user=officer).values_list(
        "object_ref", flat=True
    )
    assert sorted(refs) == sorted(f"installment:{i.pk}" for i in installments)
    assert Notification.objects.filter(user=officer).count() == 3
