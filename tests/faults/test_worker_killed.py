"""A Celery worker SIGKILLed in the middle of the installment reminder fan-out:
every due reminder is still sent exactly once.

Two ways a worker dies:
- the whole worker (host lost, `kill -9`), then a new worker is started: the batch
  task is acknowledged late (after it finishes), so its message stays
  unacknowledged in Redis and is delivered again once the visibility timeout passes;
- only the pool child running the task (the OOM killer): the main process sees the
  child lost and, with `task_reject_on_worker_lost`, puts the message back at once.

Either way the redelivered batch re-sends only what the once-only `SentReminder`
record does not hold yet, and each notification is emailed once. The one exception
SMTP allows: a worker killed between sending an email and committing that it was
sent sends it again on redelivery, as the same message (the notification's own
Message-ID), so the recipient's mail system shows it once."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from financing.models import Installment
from financing.tasks import installment_remind_task
from kukm_portal.celery import app
from notifications.models import Notification, SentReminder
from tests.factories import CooperativeFactory, officer_of
from tests.financing.factories import LoanFactory
from tests.workers import WorkerProcess, wait_for, wait_for_count

LOANS = 10
INSTALLMENTS_PER_LOAN = 200
DUE = LOANS * INSTALLMENTS_PER_LOAN


def _due_installments(today: datetime.date) -> list[str]:
    """LOANS loans of different cooperatives, each with one officer and
    INSTALLMENTS_PER_LOAN unpaid installments due tomorrow: DUE reminders."""
    emails = []
    for _ in range(LOANS):
        cooperative = CooperativeFactory()
        emails.append(officer_of(cooperative).email)
        loan = LoanFactory(application__cooperative=cooperative)
        Installment.objects.bulk_create(
            Installment(
                loan=loan,
                number=number,
                due_date=today + datetime.timedelta(days=1),
                principal=Decimal(40_000),
                interest=Decimal(2_000),
                balance=Decimal(0),
            )
            for number in range(1, INSTALLMENTS_PER_LOAN + 1)
        )
    return sorted(emails)


@pytest.fixture
def start_worker_process(tmp_path):
    workers = []

    def start(name: str) -> WorkerProcess:
        # Small batches, each done well inside the visibility timeout even on a
        # busy machine (a batch that outlasts it is delivered again while running).
        worker = WorkerProcess(
            email_dir=tmp_path / "mail", visibility_timeout=20, reminder_batch=100
        )
        worker.log = tmp_path / f"{name}.log"
        worker.start()
        workers.append(worker)
        return worker

    app.control.purge()  # tasks earlier transactional tests left in this queue
    yield start
    for worker in workers:
        worker.kill()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("killed", ["worker", "pool child"])
def test_worker_killed_mid_fan_out_sends_each_reminder_exactly_once(
    killed, start_worker_process
):
    recipients = _due_installments(timezone.localdate())
    worker = start_worker_process("first")
    installment_remind_task.delay()

    # Kill once some reminders are recorded but well before the last one.
    wait_for(lambda: SentReminder.objects.count() >= DUE // 10, seconds=180)
    if killed == "worker":
        worker.kill()
        assert 0 < SentReminder.objects.count() < DUE
        worker = start_worker_process("second")
    else:
        worker.kill_pool_child()
        assert 0 < SentReminder.objects.count() < DUE

    # Reminders first (the batches), then their emails (queued behind them).
    # (Counted by the records, not the mailbox, which may hold one message twice.)
    wait_for_count(
        lambda: (
            SentReminder.objects.count()
            + Notification.objects.exclude(emailed_at=None).count()
        ),
        2 * DUE,
    )
    worker.stop()  # warm: what it holds finishes; a duplicate would show below

    assert SentReminder.objects.count() == DUE
    assert (
        SentReminder.objects.values_list("kind", "object_ref", "period", "user")
        .distinct()
        .count()
        == DUE
    )
    assert Notification.objects.count() == DUE
    assert not Notification.objects.filter(emailed_at=None).exists()
    emails = worker.emails()
    message_ids = [
        line
        for mail in emails
        for line in mail.splitlines()
        if line.startswith("Message-ID: ")
    ]
    assert len(message_ids) == len(emails)
    assert len(set(message_ids)) == DUE  # every notification, each one message
    # At most the email in flight when the worker died went out twice.
    assert DUE <= len(emails) <= DUE + 1
    subjects = {
        (line, to)
        for mail in emails
        for line in mail.splitlines()
        if line.startswith("Subject: ")
        for to in [next(x for x in mail.splitlines() if x.startswith("To: "))]
    }
    assert len(subjects) == DUE  # no message twice
    assert sorted({to for _, to in subjects}) == [f"To: {e}" for e in recipients]
