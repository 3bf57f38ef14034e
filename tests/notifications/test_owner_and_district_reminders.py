"""Reminders reach UMKM owners (installments of their enterprise's loans, sessions
of their programs) and escalated arrears reach the loan's district users, in their
portal inbox and by email, exactly once, also through a real Celery worker."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from financing import reminders
from financing.models import Installment
from financing.tasks import installment_remind_task, loan_arrears_escalate_task
from notifications.models import Notification, SentReminder
from programs.reminders import session_reminders_send
from programs.tasks import program_session_remind_task
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    officer_of,
)
from tests.financing.factories import LoanFactory
from tests.owner_accounts import owner_of
from tests.programs.factories import (
    EnrolmentFactory,
    ProgramFactory,
    SessionFactory,
    at,
    days,
)
from tests.workers import thread_worker, wait_for

DAY = datetime.timedelta(days=1)


def _installment(loan, due_date, number=1):
    return Installment.objects.create(
        loan=loan,
        number=number,
        due_date=due_date,
        principal=Decimal(1_000_000),
        interest=Decimal(50_000),
        balance=Decimal(0),
    )


def _sme_loan(enterprise, **kwargs):
    return LoanFactory(
        application__cooperative=None, application__enterprise=enterprise, **kwargs
    )


def _send_installment_reminders(today) -> int:
    return sum(
        reminders.installment_reminders_send(pairs=pairs, today=today)
        for pairs in reminders.installment_reminder_batches(today=today)
    )


@pytest.mark.django_db
def test_installment_reminders_reach_the_enterprise_owner_at_each_stage():
    today = timezone.localdate()
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise)
    loan = _sme_loan(enterprise)
    due_7 = _installment(loan, today + 7 * DAY, number=3)
    due_1 = _installment(loan, today + DAY, number=2)
    overdue = _installment(loan, today - DAY, number=1)

    first = _send_installment_reminders(today)
    again = _send_installment_reminders(today)

    assert (first, again) == (3, 0)
    records = SentReminder.objects.filter(user=owner)
    assert sorted(records.values_list("object_ref", "period")) == sorted(
        [
            (f"installment:{due_7.pk}", "due-7"),
            (f"installment:{due_1.pk}", "due-1"),
            (f"installment:{overdue.pk}", "overdue-1"),
        ]
    )
    kinds = Notification.objects.filter(user=owner).values_list("kind", flat=True)
    assert sorted(kinds) == [
        "installment_due",
        "installment_due",
        "installment_overdue",
    ]


@pytest.mark.django_db
def test_installment_reminder_of_a_member_sme_reaches_owner_and_officers():
    today = timezone.localdate()
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    enterprise = EnterpriseFactory(cooperative=cooperative)
    owner = owner_of(enterprise)
    _installment(_sme_loan(enterprise), today + DAY)

    sent = _send_installment_reminders(today)

    assert sent == 2
    assert set(SentReminder.objects.values_list("user_id", flat=True)) == {
        officer.pk,
        owner.pk,
    }


@pytest.mark.django_db
def test_installment_reminders_skip_other_owners_inactive_owners_and_paid():
    today = timezone.localdate()
    other_owner = owner_of(EnterpriseFactory())  # an enterprise without a loan
    inactive = EnterpriseFactory()
    owner_of(inactive, is_active=False)
    _installment(_sme_loan(inactive), today + DAY)
    paid_enterprise = EnterpriseFactory()
    owner_of(paid_enterprise)
    paid = _installment(_sme_loan(paid_enterprise), today + DAY)
    Installment.objects.filter(pk=paid.pk).update(paid_on=today)
    _installment(_sme_loan(EnterpriseFactory()), today + DAY)  # no owner account

    sent = _send_installment_reminders(today)

    assert sent == 0
    assert not Notification.objects.filter(user=other_owner).exists()


def _session_tomorrow():
    program = ProgramFactory(
        starts_on=days(1),
        ends_on=days(3),
        registration_closes=days(0),
        audience="sme",
    )
    return SessionFactory(program=program, starts_at=at(days(1), 9))


def _owner_enrolled(session, **enrolment):
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise)
    EnrolmentFactory(
        program=session.program,
        cooperative=None,
        person=enterprise.owner,
        district=enterprise.district,
        **enrolment,
    )
    return owner


@pytest.mark.django_db
def test_session_tomorrow_reaches_the_enrolled_owner_once():
    session = _session_tomorrow()
    owner = _owner_enrolled(session)
    waitlisted = _owner_enrolled(session, status="waitlisted")
    not_enrolled = owner_of(EnterpriseFactory())

    first = session_reminders_send(today=days(0))
    second = session_reminders_send(today=days(0))

    assert (first, second) == (1, 0)
    notification = Notification.objects.get(kind="program_session_tomorrow")
    assert notification.user == owner
    assert session.program.title in notification.title
    assert not Notification.objects.filter(user__in=[waitlisted, not_enrolled])


@pytest.mark.django_db(transaction=True)
def test_owner_reminders_through_a_real_worker_arrive_once_with_one_email_each():
    mail.outbox = []
    today = timezone.localdate()
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise)
    loan = _sme_loan(enterprise)
    for number, days_left in enumerate((7, 1, -1), start=1):
        _installment(loan, today + days_left * DAY, number=number)
    session = _session_tomorrow()
    EnrolmentFactory(
        program=session.program,
        cooperative=None,
        person=enterprise.owner,
        district=enterprise.district,
    )

    with thread_worker():
        for _ in range(2):
            installment_remind_task.delay()
            program_session_remind_task.delay()
        wait_for(lambda: len(mail.outbox) >= 4)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were coming

    assert Notification.objects.filter(user=owner).count() == 4
    assert sorted(
        Notification.objects.filter(user=owner).values_list("kind", flat=True)
    ) == [
        "installment_due",
        "installment_due",
        "installment_overdue",
        "program_session_tomorrow",
    ]
    assert [m.to for m in mail.outbox] == [[owner.email]] * 4


@pytest.mark.django_db(transaction=True)
def test_escalated_arrears_reach_the_district_users_by_inbox_and_email_once():
    mail.outbox = []
    today = timezone.localdate()
    samarinda = DistrictUserFactory()
    balikpapan = DistrictUserFactory(district_id="64.71")
    enterprise = EnterpriseFactory()  # in Samarinda, as the loan's application
    loan = _sme_loan(enterprise, oldest_unpaid_due_on=today - 45 * DAY)

    with thread_worker():
        loan_arrears_escalate_task.delay()
        loan_arrears_escalate_task.delay()
        wait_for(lambda: len(mail.outbox) >= 1)
        time.sleep(1.0)

    notification = Notification.objects.get(kind="loan_arrears_escalated")
    assert notification.user == samarinda
    assert loan.application.number in notification.title
    assert not Notification.objects.filter(user=balikpapan).exists()
    assert [m.to for m in mail.outbox] == [[samarinda.email]]
