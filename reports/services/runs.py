"""Report runs: QUEUED → RUNNING → DONE, or FAILED with a reason (`Failure`).

A run is produced by one Celery task; a retried or redelivered task finds the run
DONE and does nothing, and a re-run overwrites the run's one file (its name comes
from the run), so there is never a second file. A run whose task was lost (the
message dropped, the worker killed past its redeliveries) is failed by
`report_run_sweep` once it has waited or run longer than the settings allow.
The requester reads a short reason; the exception is logged, masked, server-side.
"""

import datetime
import logging
import os
import tempfile

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from accounts.system_actor import system_user
from cooperatives.models import District
from cooperatives.rules import rat_fiscal_year_due
from core.db_router import replica_reads
from core.uploads import stored_files_delete_after_commit
from notifications.services import notification_create

from ..builders import BUILDERS
from ..models import ReportRun
from ..writers import WRITERS

FIRST_YEAR = 2000
# Reports whose figures come from the RAT reports of a fiscal year.
RAT_BASED = {"cooperative_recap"}

logger = logging.getLogger(__name__)


def _check(kind: str, format: str, year: int) -> None:
    errors = {}
    if kind not in BUILDERS:
        errors["kind"] = _("Jenis laporan tidak dikenal atau belum tersedia.")
    if format not in WRITERS:
        errors["format"] = _("Format harus xlsx, csv atau pdf.")
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        errors["year"] = _("Tahun harus antara %(first)s dan tahun ini.") % {
            "first": FIRST_YEAR
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_request(
    *,
    kind: str,
    format: str,
    year: int,
    district: District | None,
    by,
    scheduled: bool = False,
) -> ReportRun:
    _check(kind, format, year)
    run = ReportRun.objects.create(
        kind=kind,
        format=format,
        year=year,
        district=district,
        requested_by=by,
        scheduled=scheduled,
    )
    transaction.on_commit(lambda: _queue_run(run.pk))
    return run


def _queue_run(run_id: int) -> None:
    """Publish after the commit; with the broker down the run fails at once with a
    reason (the request still answers, with the run's id) instead of a 500."""
    from ..tasks import report_generate_task

    try:
        report_generate_task.delay(run_id)
    except Exception:  # kombu/redis connection errors: any failure to publish
        logger.warning("report run %s not queued (broker down)", run_id)
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
            status=ReportRun.Status.FAILED,
            failure=ReportRun.Failure.QUEUE_DOWN,
            finished_at=timezone.now(),
        )


def _start(run_id: int) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status == ReportRun.Status.DONE:
            return None
        run.status = ReportRun.Status.RUNNING
        run.started_at = timezone.now()
        run.progress = 0
        run.failure = ""
        run.save(update_fields=["status", "started_at", "progress", "failure"])
        return run


def _progress_updater(run_id: int):
    last = {"value": -1}

    def update(value: int) -> None:
        value = max(0, min(99, value))
        if value != last["value"]:
            ReportRun.objects.filter(pk=run_id).update(progress=value)
            last["value"] = value

    return update


def _store(run: ReportRun, path: str) -> None:
    name = f"reports/{run.filename}"
    storage = run.file.storage
    if storage.exists(name):
        storage.delete(name)  # a re-run replaces the file; never a second one
    with open(path, "rb") as handle:
        run.file.save(run.filename, File(handle), save=False)


def report_generate(*, run_id: int) -> ReportRun | None:
    run = _start(run_id)
    if run is None:
        return None
    scope = Scope.district(run.district_id) if run.district_id else Scope.province()
    fd, path = tempfile.mkstemp(suffix=f".{run.format}")
    os.close(fd)
    try:
        # The builders' querysets are lazy: the writer evaluates them, so both read
        # from the replica (the progress updates are writes: default).
        with replica_reads():
            report = BUILDERS[run.kind](
                scope=scope, year=run.year, district=run.district
            )
            WRITERS[run.format](report, path, _progress_updater(run.pk))
        _store(run, path)
    except Exception as error:
        if isinstance(error, SoftTimeLimitExceeded):
            failure = ReportRun.Failure.TIMED_OUT
        else:
            failure = ReportRun.Failure.ERROR
            logger.exception("report run %s failed", run.pk)  # masked (settings)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, failure=failure, finished_at=timezone.now()
        )
        raise
    finally:
        os.unlink(path)
    run.status = ReportRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    # The failure too: a sweep that gave this run up as lost is overruled.
    run.save(update_fields=["file", "status", "progress", "failure", "finished_at"])
    if run.scheduled:
        _tell_staff(run)
    return run


def _tell_staff(run: ReportRun) -> None:
    link = reverse("admin:reports_reportrun_change", args=[run.pk])
    staff = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, role="staff")
        .exclude(email="")
    )
    for user in staff:
        notification_create(
            user=user,
            kind="report_ready",
            title=_("Laporan terjadwal siap: %(report)s") % {"report": run},
            body=_("Laporan %(report)s sudah selesai dibuat dan dapat diunduh.")
            % {"report": run},
            link=link,
        )


def report_default_year(*, kind: str, today: datetime.date) -> int:
    """The year a report is asked for when none is chosen: for the RAT-based
    reports the last fiscal year whose RAT reports are due (a later one is still
    coming in), for the others this year."""
    return rat_fiscal_year_due(today) if kind in RAT_BASED else today.year


def report_schedule_run(*, kind: str, format: str, period: str) -> ReportRun:
    """The monthly recap covers this year so far, the yearly one the year that
    ended; a RAT-based recap, the last fiscal year whose reports are due."""
    today = timezone.localdate()
    year = report_default_year(kind=kind, today=today)
    if period != "monthly" and kind not in RAT_BASED:
        year -= 1
    return report_request(
        kind=kind,
        format=format,
        year=year,
        district=None,
        by=system_user(),
        scheduled=True,
    )


@transaction.atomic
def report_run_delete(*, run_id: int, by) -> None:
    """Remove a finished or failed run and its file (after the commit, so a
    rolled-back delete keeps it). A queued or running run stays: its task would
    write a file for a row that is gone; a lost one is swept to FAILED first."""
    run = ReportRun.objects.select_for_update().get(pk=run_id)
    if run.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING):
        raise ValidationError(
            _("Laporan yang masih antre atau sedang dibuat tidak dapat dihapus.")
        )
    stored_files_delete_after_commit(run.file.storage, [run.file.name])
    run.delete()


def report_run_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Fail the runs whose task was lost: queued longer than
    REPORT_RUN_QUEUED_TIMEOUT_MINUTES, or running longer than
    REPORT_RUN_RUNNING_TIMEOUT_MINUTES (above the task's hard time limit, so a live
    task is never swept). Returns the ids failed. A lost task that turns up after
    all still produces its run (`_start` takes a failed run again)."""
    now = now or timezone.now()
    queued_since = now - datetime.timedelta(
        minutes=settings.REPORT_RUN_QUEUED_TIMEOUT_MINUTES
    )
    running_since = now - datetime.timedelta(
        minutes=settings.REPORT_RUN_RUNNING_TIMEOUT_MINUTES
    )
    with transaction.atomic():
        # A run a task is starting right now is locked by it: the next sweep decides.
        ids = list(
            ReportRun.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=ReportRun.Status.QUEUED, created_at__lt=queued_since)
                | Q(status=ReportRun.Status.RUNNING, started_at__lt=running_since)
            )
            .order_by()
            .values_list("pk", flat=True)
        )
        ReportRun.objects.filter(pk__in=ids).update(
            status=ReportRun.Status.FAILED,
            failure=ReportRun.Failure.LOST,
            finished_at=now,
        )
    if ids:
        logger.warning("report runs %s failed: their task was lost", ids)
    return ids
