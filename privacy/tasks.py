from celery import shared_task

from .services import retention_sweep


@shared_task(acks_late=True)
def retention_sweep_task() -> dict[str, int]:
    # Safe twice: a second run finds nothing left past its period.
    return retention_sweep()
