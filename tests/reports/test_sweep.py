"""Runs whose task was lost are failed with a reason by the sweep, instead of
staying queued or running forever."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from reports import services, tasks, writers
from reports.models import ReportRun
from tests.factories import district

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"
LOST = "Pekerjaan laporan hilang atau melewati batas waktu; silakan minta ulang."


def _run(status=ReportRun.Status.QUEUED, *, minutes_ago: int, district=None):
    run = services.report_request(
        kind="cooperative_recap", format="csv", year=2025, district=district, by=None
    )
    since = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    failure = ReportRun.Failure.ERROR if status == ReportRun.Status.FAILED else ""
    ReportRun.objects.filter(pk=run.pk).update(
        status=status,
        created_at=since,
        started_at=None if status == ReportRun.Status.QUEUED else since,
        failure=failure,
    )
    return run


def test_report_run_sweep_fails_runs_queued_or_running_too_long():
    queued_lost = _run(minutes_ago=31)
    queued_fresh = _run(minutes_ago=29)
    running_lost = _run(ReportRun.Status.RUNNING, minutes_ago=61)
    running_fresh = _run(ReportRun.Status.RUNNING, minutes_ago=59)
    done = _run(ReportRun.Status.DONE, minutes_ago=600)
    failed = _run(ReportRun.Status.FAILED, minutes_ago=600)

    swept = services.report_run_sweep()

    assert sorted(swept) == sorted([queued_lost.pk, running_lost.pk])
    status = dict(ReportRun.objects.values_list("pk", "status"))
    assert status[queued_lost.pk] == status[running_lost.pk] == "failed"
    assert status[queued_fresh.pk] == "queued"
    assert status[running_fresh.pk] == "running"
    assert status[done.pk] == "done"
    failure = dict(ReportRun.objects.values_list("pk", "failure"))
    assert failure[queued_lost.pk] == failure[running_lost.pk] == "lost"
    assert failure[failed.pk] == "error"  # an earlier reason is kept
    assert ReportRun.objects.get(pk=queued_lost.pk).finished_at is not None


def test_report_run_sweep_follows_the_settings(settings):
    settings.REPORT_RUN_QUEUED_TIMEOUT_MINUTES = 5
    settings.REPORT_RUN_RUNNING_TIMEOUT_MINUTES = 120
    queued = _run(minutes_ago=6)
    running = _run(ReportRun.Status.RUNNING, minutes_ago=90)

    swept = services.report_run_sweep()

    assert swept == [queued.pk]
    assert ReportRun.objects.get(pk=running.pk).status == "running"


def test_report_run_sweep_twice_does_nothing_more():
    run = _run(minutes_ago=45)

    first = services.report_run_sweep()
    second = services.report_run_sweep()

    assert first == [run.pk]
    assert second == []


def test_a_swept_run_tells_the_api_client_why(samarinda_api):
    run = _run(minutes_ago=45, district=district("64.72"))

    tasks.report_run_sweep_task()

    detail = samarinda_api.get(f"{URL}{run.pk}/").json()
    assert detail["status"] == "failed"
    assert detail["error"] == LOST
    assert detail["download_url"] is None


def test_a_lost_task_that_turns_up_after_the_sweep_still_produces_its_run():
    run = _run(minutes_ago=45)
    services.report_run_sweep()

    produced = services.report_generate(run_id=run.pk)

    produced.refresh_from_db()
    assert produced.status == ReportRun.Status.DONE
    assert produced.failure == ""
    assert produced.file


def test_the_sweep_runs_every_15_minutes_under_celery_beat():
    periodic = PeriodicTask.objects.get(task="reports.tasks.report_run_sweep_task")

    assert periodic.enabled
    assert (periodic.interval.every, periodic.interval.period) == (15, "minutes")


def test_a_run_swept_while_its_task_still_works_ends_done(monkeypatch):
    run = _run(minutes_ago=0)
    real = writers.WRITERS["csv"]

    def outlived_by_the_sweep(report, path, progress):
        services.report_run_sweep(now=timezone.now() + datetime.timedelta(hours=2))
        real(report, path, progress)

    monkeypatch.setitem(writers.WRITERS, "csv", outlived_by_the_sweep)

    produced = services.report_generate(run_id=run.pk)

    produced.refresh_from_db()
    assert (produced.status, produced.failure) == (ReportRun.Status.DONE, "")
