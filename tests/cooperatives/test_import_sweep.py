"""Import jobs whose task was lost are failed with a reason by the sweep, their
upload (owners' NIKs in clear) deleted, instead of staying queued or running
forever."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from cooperatives import tasks
from cooperatives.models import Enterprise, ImportJob
from cooperatives.services.imports import import_job_sweep, import_request, import_run
from tests.cooperatives.test_imports_services import csv_file, enterprise_row
from tests.factories import district

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/"
LOST = "Pekerjaan impor hilang atau melewati batas waktu; unggah lagi."


def _job(status=ImportJob.Status.QUEUED, *, minutes_ago: int, district=None):
    job = import_request(
        kind="enterprises",
        file=csv_file([enterprise_row(1)]),
        district=district,
        by=None,
    )
    since = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    failure = "Impor gagal." if status == ImportJob.Status.FAILED else ""
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        created_at=since,
        started_at=None if status == ImportJob.Status.QUEUED else since,
        failure=failure,
    )
    return job


def test_import_job_sweep_fails_jobs_queued_or_running_too_long(
    django_capture_on_commit_callbacks,
):
    queued_lost = _job(minutes_ago=121)
    queued_fresh = _job(minutes_ago=119)
    running_lost = _job(ImportJob.Status.RUNNING, minutes_ago=91)
    running_fresh = _job(ImportJob.Status.RUNNING, minutes_ago=89)
    done = _job(ImportJob.Status.DONE, minutes_ago=600)
    failed = _job(ImportJob.Status.FAILED, minutes_ago=600)
    storage = queued_lost.file.storage
    uploads = {job.pk: job.file.name for job in (queued_lost, running_lost)}

    with django_capture_on_commit_callbacks(execute=True):
        swept = import_job_sweep()

    assert sorted(swept) == sorted([queued_lost.pk, running_lost.pk])
    status = dict(ImportJob.objects.values_list("pk", "status"))
    assert status[queued_lost.pk] == status[running_lost.pk] == "failed"
    assert status[queued_fresh.pk] == "queued"
    assert status[running_fresh.pk] == "running"
    assert status[done.pk] == "done"
    failure = dict(ImportJob.objects.values_list("pk", "failure"))
    assert failure[queued_lost.pk] == failure[running_lost.pk] == LOST
    assert failure[failed.pk] == "Impor gagal."  # an earlier reason is kept
    lost = ImportJob.objects.get(pk=queued_lost.pk)
    assert lost.finished_at is not None
    assert not lost.file
    for name in uploads.values():
        assert not storage.exists(name)
    assert storage.exists(ImportJob.objects.get(pk=queued_fresh.pk).file.name)


def test_import_job_sweep_follows_the_settings(settings):
    settings.IMPORT_JOB_QUEUED_TIMEOUT_MINUTES = 5
    settings.IMPORT_JOB_RUNNING_TIMEOUT_MINUTES = 240
    queued = _job(minutes_ago=6)
    running = _job(ImportJob.Status.RUNNING, minutes_ago=180)

    swept = import_job_sweep()

    assert swept == [queued.pk]
    assert ImportJob.objects.get(pk=running.pk).status == "running"


def test_import_job_sweep_twice_does_nothing_more():
    job = _job(minutes_ago=150)

    first = import_job_sweep()
    second = import_job_sweep()

    assert first == [job.pk]
    assert second == []


def test_a_swept_job_tells_the_api_client_why(samarinda_api):
    job = _job(minutes_ago=150, district=district("64.72"))

    assert tasks.import_job_sweep_task() == 1

    detail = samarinda_api.get(f"{URL}{job.pk}/").json()
    assert detail["status"] == "failed"
    assert detail["error"] == LOST


def test_a_lost_task_that_turns_up_after_the_sweep_imports_nothing():
    job = _job(minutes_ago=150)
    import_job_sweep()

    assert import_run(job_id=job.pk) is None

    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, LOST)
    assert not Enterprise.objects.exists()


def test_the_sweep_runs_every_15_minutes_under_celery_beat():
    periodic = PeriodicTask.objects.get(task="cooperatives.tasks.import_job_sweep_task")

    assert periodic.enabled
    assert (periodic.interval.every, periodic.interval.period) == (15, "minutes")
