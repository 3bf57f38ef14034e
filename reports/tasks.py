from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import services


@shared_task(acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def report_generate_task(run_id: int) -> str | None:
    try:
        run = services.report_generate(run_id=run_id)
    except SoftTimeLimitExceeded:
        return "timed out"  # the run was marked failed with the error
    return run.status if run else None


@shared_task
def report_scheduled_task(
    kind: str, format: str = "xlsx", period: str = "monthly"
) -> int:
    return services.report_schedule_run(kind=kind, format=format, period=period).pk


@shared_task
def report_run_sweep_task() -> int:
    return len(services.report_run_sweep())
