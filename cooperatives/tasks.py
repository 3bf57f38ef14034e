from celery import shared_task

from .reminders import rat_report_reminders_send
from .services.imports import import_job_sweep, import_run


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
    return len(import_job_sweep())
