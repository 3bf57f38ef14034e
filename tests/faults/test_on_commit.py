"""A task enqueued inside a transaction that rolls back is never published nor run."""

import time

import pytest
from celery.signals import before_task_publish, task_prerun
from django.core import mail
from django.db import transaction

from kukm_portal.celery import app
from notifications.models import Notification
from notifications.services import notification_create
from tests.factories import UserFactory
from tests.workers import thread_worker

EMAIL_TASK = "notifications.tasks.notification_email_task"


class Rollback(Exception):
    pass


@pytest.fixture
def task_log():
    """Names of tasks published by this process and run by its in-process worker.

    Earlier transactional tests of this process may have left tasks in its queue
    (no worker ran then); they are purged so the log shows only this test's."""
    app.control.purge()
    log = {"published": [], "run": []}

    def on_publish(sender=None, **kwargs):
        log["published"].append(sender)

    def on_run(sender=None, **kwargs):
        log["run"].append(sender.name)

    before_task_publish.connect(on_publish, weak=False)
    task_prerun.connect(on_run, weak=False)
    yield log
    before_task_publish.disconnect(on_publish)
    task_prerun.disconnect(on_run)


def _create_then_roll_back(user) -> None:
    with transaction.atomic():
        notification_create(user=user, kind="test", title="T", body="B")
        raise Rollback


def _queued() -> int:
    with app.connection_for_read() as conn:
        return conn.default_channel.queue_declare(
            queue=app.conf.task_default_queue
        ).message_count


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_in_a_rolled_back_transaction_is_never_run(task_log):
    mail.outbox = []
    user = UserFactory()

    with thread_worker():
        with pytest.raises(Rollback):
            _create_then_roll_back(user)
        time.sleep(2.0)  # a task, had one been sent, would have run by now
        queued = _queued()

    assert task_log["published"] == []
    assert task_log["run"] == []
    assert queued == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(user=user).exists()


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_in_a_committed_transaction_runs_once(task_log):
    mail.outbox = []
    user = UserFactory()

    with thread_worker():
        with transaction.atomic():
            notification = notification_create(
                user=user, kind="test", title="T", body="B"
            )
            assert task_log["published"] == []  # held until the commit
        _wait_for(lambda: len(mail.outbox) >= 1)
        time.sleep(1.0)  # time for a duplicate to arrive, if one were coming
        queued = _queued()

    assert task_log["published"] == [EMAIL_TASK]
    assert task_log["run"] == [EMAIL_TASK]
    assert queued == 0
    assert [m.to for m in mail.outbox] == [[user.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
