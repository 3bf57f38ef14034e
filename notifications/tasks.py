from celery import shared_task

from . import deliveries, services


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def notification_email_task(notification_id: int) -> bool:
    return services.notification_email(notification_id=notification_id)


@shared_task
def notification_email_sweep_task() -> int:
    return services.notification_email_sweep()


# Retries are counted by Celery; the last one records a failure (the service).
DELIVERY_MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=DELIVERY_MAX_RETRIES)
def delivery_send_task(self, delivery_id: int) -> None:
    retries = self.request.retries
    wait = deliveries.delivery_send(
        delivery_id=delivery_id,
        claim=f"{self.request.id}:{retries}",
        retries=retries,
        final=retries >= DELIVERY_MAX_RETRIES,
    )
    if wait is not None:
        raise self.retry(countdown=wait)


@shared_task
def delivery_sweep_task() -> int:
    return deliveries.delivery_sweep()
