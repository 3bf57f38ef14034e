"""Registry imports (cooperatives, enterprises) in the background:

    QUEUED → RUNNING → DONE | FAILED

`import_request` checks the file's format and header at once (a bad file is a
ValidationError on `file`, never a job) and queues the job after commit; the task
runs `import_run`, which reads the file as a stream in one transaction
(running.import_pass). A dry run reports what would change and keeps nothing; an
all-or-nothing job with a rejected row keeps nothing and FAILS with its rejected
rows; a job that skips invalid rows keeps the valid ones. A redelivered task finds
its job DONE and does nothing; one whose worker died starts the pass over (the
dead pass's transaction was rolled back with it). A job whose task was lost is
failed with a reason by `import_job_sweep` once it has waited or run longer than
the settings allow; its task, should it turn up after all, finds it FAILED.
"""

import datetime
import logging
import os
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import stored_files_delete_after_commit

from ...models import District, ImportJob
from .kinds import RULES
from .reading import file_check, file_header
from .running import Progress, import_pass

logger = logging.getLogger(__name__)

__all__ = ["import_job_delete", "import_job_sweep", "import_request", "import_run"]


def _file_errors(error: ValidationError) -> ValidationError:
    return ValidationError({"file": error.messages})


@transaction.atomic
def import_request(
    *,
    kind: str,
    file,
    dry_run: bool = False,
    skip_invalid: bool = False,
    district: District | None,
    by,
) -> ImportJob:
    if kind not in RULES:
        raise ValidationError(
            {"kind": _("Jenis impor harus cooperatives atau enterprises.")}
        )
    try:
        fmt = file_check(file)
        RULES[kind](file_header(file), district_id=district.pk if district else None)
    except ValidationError as error:
        raise _file_errors(error) from error
    job = ImportJob(
        kind=kind,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        district=district,
        by=by if getattr(by, "pk", None) else None,
    )
    file.seek(0)
    job.file.save(f"{kind}-{uuid.uuid4().hex}.{fmt}", File(file), save=False)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    """With the broker down the job fails at once with a reason (the request
    still answers with its id) instead of a 500."""
    from ...tasks import import_job_run_task

    try:
        import_job_run_task.delay(job_id)
    except Exception:  # kombu/redis connection errors: any failure to publish
        logger.warning("import job %s not queued (broker down)", job_id)
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.FAILED,
            failure=_("Antrean tugas sedang tidak tersedia. Unggah berkas lagi."),
            finished_at=timezone.now(),
        )


def _start(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (
            ImportJob.Status.DONE,
            ImportJob.Status.FAILED,
        ):
            return None
        job.status, job.started_at, job.progress = (
            ImportJob.Status.RUNNING,
            timezone.now(),
            0,
        )
        job.save(update_fields=["status", "started_at", "progress"])
        return job


def _drop_upload(job: ImportJob) -> None:
    """The upload holds owners' NIKs in clear: kept only while its job may run."""
    if job.file:
        job.file.delete(save=False)


def _fail(job: ImportJob, reason: str) -> ImportJob:
    job.status, job.failure, job.finished_at = (
        ImportJob.Status.FAILED,
        reason,
        timezone.now(),
    )
    _drop_upload(job)
    job.save(update_fields=["status", "failure", "finished_at", "file"])
    return job


def import_run(*, job_id: int) -> ImportJob | None:
    job = _start(job_id)
    if job is None:
        return None
    progress = Progress(job.pk)
    try:
        with job.file.open("rb") as handle:
            outcome = import_pass(job, handle, job.file.size, progress)
    except SoftTimeLimitExceeded:
        return _fail(job, _("Waktu impor habis; bagi berkas menjadi beberapa bagian."))
    except ValidationError as error:  # the header changed since the request
        return _fail(job, " ".join(error.messages))
    except Exception:
        logger.exception("import job %s failed", job.pk)  # masked (settings)
        return _fail(job, _("Impor gagal karena galat di server; hubungi admin Dinas."))
    finally:
        progress.close()
    if outcome.errors_path:
        with open(outcome.errors_path, "rb") as errors:
            job.errors_file.save(
                f"import-{job.pk}-ditolak.csv", File(errors), save=False
            )
        os.unlink(outcome.errors_path)
    job.rows, job.skipped = outcome.rows, outcome.skipped
    failed = not outcome.kept and not job.dry_run
    job.created = 0 if failed else outcome.created
    job.updated = 0 if failed else outcome.updated
    job.status = ImportJob.Status.FAILED if failed else ImportJob.Status.DONE
    job.failure = (
        _(
            "Tidak ada baris yang disimpan: %(n)s baris ditolak. Perbaiki baris "
            "itu, atau pilih lewati baris tidak valid."
        )
        % {"n": outcome.skipped}
        if failed
        else ""
    )
    job.progress, job.finished_at = 100, timezone.now()
    _drop_upload(job)
    job.save()
    return job


@transaction.atomic
def import_job_delete(*, job_id: int, by) -> None:
    """Remove a finished or failed job with its files (after the commit, so a
    rolled-back delete keeps them). A queued or running job stays: its task
    would read an upload that is gone."""
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        raise ValidationError(
            _("Impor yang masih antre atau sedang diproses tidak dapat dihapus.")
        )
    # Both fields keep their files in the same (default) storage.
    stored_files_delete_after_commit(
        job.file.storage, [job.file.name, job.errors_file.name]
    )
    job.delete()


def import_job_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Fail the jobs whose task was lost: queued longer than
    IMPORT_JOB_QUEUED_TIMEOUT_MINUTES, or running longer than
    IMPORT_JOB_RUNNING_TIMEOUT_MINUTES (above the task's hard time limit, so a live
    task is never swept). Their uploads, which hold NIKs in clear, are deleted
    after the commit, as at a job's end. Returns the ids failed."""
    now = now or timezone.now()
    queued_since = now - datetime.timedelta(
        minutes=settings.IMPORT_JOB_QUEUED_TIMEOUT_MINUTES
    )
    running_since = now - datetime.timedelta(
        minutes=settings.IMPORT_JOB_RUNNING_TIMEOUT_MINUTES
    )
    with transaction.atomic():
        # A job a task is starting right now is locked by it: the next sweep decides.
        lost = list(
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=ImportJob.Status.QUEUED, created_at__lt=queued_since)
                | Q(status=ImportJob.Status.RUNNING, started_at__lt=running_since)
            )
            .order_by()
            .values_list("pk", "file")
        )
        ids = [pk for pk, _name in lost]
        ImportJob.objects.filter(pk__in=ids).update(
            status=ImportJob.Status.FAILED,
            failure=_("Pekerjaan impor hilang atau melewati batas waktu; unggah lagi."),
            finished_at=now,
            file="",
        )
        stored_files_delete_after_commit(
            ImportJob._meta.get_field("file").storage, [name for _pk, name in lost]
        )
    if ids:
        logger.warning("import jobs %s failed: their task was lost", ids)
    return ids
