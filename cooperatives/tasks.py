from celery import shared_task

from .reminders import rat_report_reminders_send
from .services.imports import import_job_sweep, import_run
from .services.imports.deferred_history import deferred_history_write
from .services.imports.deferred_indexes import deferred_indexes_build
from .services.invitations_queue import invitation_queue_sweep, invitation_send_queued


@shared_task(acks_late=True)
def rat_report_remind_task() -> int:
    return rat_report_reminders_send()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=55 * 60,
    time_limit=60 * 60,
)
def import_job_run_task(job_id: int) -> str | None:
    job = import_run(job_id=job_id)
    return job.status if job else None


@shared_task
def import_job_sweep_task() -> int:
    swept = len(import_job_sweep())
    # Should a first load's tasks have been lost (or failed):
    deferred_history_write()
    deferred_indexes_build()
    return swept


# Retries are counted by Celery; the last one records a failure (the service).
INVITATION_MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=INVITATION_MAX_RETRIES)
def invitation_send_task(self, invitation_id: int) -> None:
    retries = self.request.retries
    wait = invitation_send_queued(
        invitation_id=invitation_id,
        retries=retries,
        final=retries >= INVITATION_MAX_RETRIES,
    )
    if wait is not None:
        raise self.retry(countdown=wait)


@shared_task
def invitation_queue_sweep_task() -> int:
    return invitation_queue_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deferred_index_build_task() -> list[str]:
    """The secondary indexes a first load left for after its commit, from
    their DeferredIndex rows (idempotent)."""
    return deferred_indexes_build()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deferred_history_write_task() -> int:
    """The creation records a first load left for after its commit, from
    their DeferredHistory rows (idempotent)."""
    return deferred_history_write()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def search_index_build_task() -> list[str]:
    # The old name: messages queued before the rename still carry it.
    return deferred_indexes_build()
