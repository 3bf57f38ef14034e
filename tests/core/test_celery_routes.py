"""Reminders and reports are published to their own queues (docs/scaling.md)."""

import importlib

import pytest

from kukm_portal.celery import app


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("financing.tasks.installment_remind_task", "reminders"),
        ("financing.tasks.installment_remind_batch_task", "reminders"),
        ("financing.tasks.loan_arrears_escalate_task", "reminders"),
        ("financing.tasks.application_review_remind_task", "reminders"),
        ("cooperatives.tasks.rat_report_remind_task", "reminders"),
        ("programs.tasks.program_session_remind_task", "reminders"),
        ("reports.tasks.report_generate_task", "reports"),
        ("reports.tasks.report_scheduled_task", "reports"),
        ("reports.tasks.report_run_sweep_task", "celery"),
        ("cooperatives.tasks.import_job_run_task", "celery"),
        ("cooperatives.tasks.import_job_sweep_task", "celery"),
        ("notifications.tasks.notification_email_task", "celery"),
        ("financing.tasks.portfolio_snapshot_task", "celery"),
        ("privacy.tasks.retention_sweep_task", "celery"),
    ],
)
def test_tasks_are_routed_to_their_queue(task, queue):
    importlib.import_module(task.rsplit(".", 1)[0])  # as the worker's autodiscovery
    assert task in app.tasks
    route = app.amqp.router.route({}, task)

    assert route["queue"].name == queue
    # A key of its own: a shared key would deliver the message to every queue.
    assert route["queue"].routing_key == queue
    bound = [q.name for q in app.amqp.queues.values() if q.routing_key == queue]
    assert bound == [queue]


def test_a_worker_without_queue_options_consumes_every_queue():
    assert {q.name for q in app.amqp.queues.values()} >= {
        "celery",
        "reminders",
        "reports",
    }
