"""Thin Celery tasks around the financing reminders and the monthly portfolio
snapshot; each is safe to run twice (the once-only reminder record decides, the
snapshot replaces its month's rows)."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import reminders, services


@shared_task(acks_late=True)
def installment_remind_task() -> int:
    """Fan today's installment reminders out in batches; returns the batches."""
    today = timezone.localdate()
    batches = 0
    for pairs in reminders.installment_reminder_batches(today=today):
        installment_remind_batch_task.delay(pairs, today.isoformat())
        batches += 1
    return batches


@shared_task(
    acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
)
def installment_remind_batch_task(pairs: list[list[int]], today: str) -> int:
    """[installment id, recipient user id] pairs (`installment_reminder_batches`)."""
    return reminders.installment_reminders_send(
        pairs=pairs, today=datetime.date.fromisoformat(today)
    )


@shared_task(acks_late=True)
def loan_arrears_escalate_task() -> int:
    return reminders.loan_arrears_escalate(today=timezone.localdate())


@shared_task(acks_late=True)
def application_review_remind_task() -> int:
    return reminders.application_review_reminders_send(today=timezone.localdate())


@shared_task(
    acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
)
def portfolio_snapshot_task() -> int:
    """This month's portfolio snapshot (beat: the 1st at 00:30); returns the rows."""
    return len(services.portfolio_snapshot_take())
