from celery import shared_task

from . import services


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notification_email_task(notification_id: int) -> bool:
    return services.notification_email(notification_id=notification_id)


@shared_task
def notification_email_sweep_task() -> int:
    return services.notification_email_sweep()
