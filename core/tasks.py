from celery import shared_task

from .figures import families_refresh_dirty, family_refresh


@shared_task(acks_late=True, reject_on_worker_lost=True)
def figures_refresh_task(family: str, keys: list[str] | None = None) -> bool:
    return family_refresh(family=family, keys=keys or ())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def figures_refresh_dirty_task() -> list[str]:
    return families_refresh_dirty()
