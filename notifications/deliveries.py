"""Deliveries: a notification sent on a paid phone channel (WhatsApp or SMS),
exactly once per (notification, channel) — the `Delivery` row is the once-only
record, made in the transaction that makes the notification.

Status flow: PENDING → SENDING → SENT → DELIVERED → READ, with RETRY between
tries on transient errors, FAILED when refused or out of retries, UNCERTAIN when
a run died between its claim and the provider's answer.

Sending: the task claims the row (PENDING/RETRY → SENDING, committed on its
own) before calling the provider, and records the answer after. A run that finds
the row SENDING under its own claim is the redelivery of a run that died
mid-send: the provider may already have the message, so it is not sent again.

- WhatsApp is at-most-once: the Cloud API has no idempotency key, and a second
  template message costs money and confuses the reader. Our reference rides in
  `biz_opaque_callback_data`; a status webhook that carries it settles an
  UNCERTAIN delivery; staff can resend one from the admin.
- SMS is at-most-once in the same way (the reference is also sent as the
  gateway's idempotency key, so a staff resend of an UNCERTAIN one is safe with
  a gateway that honours it).
- Email stays as before (`services.notification_email`): at-least-once, a copy
  after a crash carries the same Message-ID.
"""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User

from .channels import (
    OutgoingMessage,
    PermanentError,
    TransientError,
    UncertainError,
    backend_for,
    phone_channel,
)
from .models import Channel, Delivery, Notification, PhoneNumber
from .preferences import channel_enabled, channel_off_sql

logger = logging.getLogger(__name__)
Status = Delivery.Status
SWEEP_MIN_AGE = datetime.timedelta(minutes=15)
SWEEP_MAX_AGE = datetime.timedelta(days=3)
BACKOFF_BASE = 30  # seconds, doubled per retry
BACKOFF_MAX = 600
REFERENCE_PREFIX = "kukm-delivery-"
SEND_TASK = "notifications.tasks.delivery_send_task"

_OFF = channel_off_sql(user="n.user_id", kind="n.kind", channel="%(channel)s")
_CREATE = f"""
INSERT INTO {Delivery._meta.db_table}
  (notification_id, channel, address, status, claim, attempts, provider_id, error,
   created_at, updated_at)
SELECT n.id, %(channel)s, p.number,
       CASE WHEN {_OFF} THEN %(opted_out)s ELSE %(pending)s END,
       '', 0, '', '', now(), now()
FROM {Notification._meta.db_table} n
JOIN {PhoneNumber._meta.db_table} p
  ON p.user_id = n.user_id AND p.verified_at IS NOT NULL AND p.opted_out_at IS NULL
WHERE n.id = ANY(%(ids)s::bigint[])
ON CONFLICT (notification_id, channel) DO NOTHING
RETURNING id, status
"""  # noqa: S608 -- our table names
# The emails of these notifications that their users turned off: recorded as
# opted-out deliveries instead of being queued (the sweep skips them).
_EMAIL_OFF = f"""
INSERT INTO {Delivery._meta.db_table}
  (notification_id, channel, address, status, claim, attempts, provider_id, error,
   created_at, updated_at)
SELECT n.id, %(channel)s, u.email, %(opted_out)s, '', 0, '', '', now(), now()
FROM {Notification._meta.db_table} n
JOIN {User._meta.db_table} u ON u.id = n.user_id
WHERE n.id = ANY(%(ids)s::bigint[]) AND u.email <> ''
  AND {_OFF}
ON CONFLICT (notification_id, channel) DO NOTHING
RETURNING notification_id
"""  # noqa: S608 -- our table names


def email_opt_outs_record(notification_ids: list[int]) -> set[int]:
    """Of these new notifications, those whose users turned email off for their
    kind: recorded (one statement for the batch), not to be emailed."""
    if not notification_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            _EMAIL_OFF,
            {
                "channel": Channel.EMAIL.value,
                "opted_out": Status.OPTED_OUT,
                "ids": list(notification_ids),
            },
        )
        return {row[0] for row in cursor.fetchall()}


def email_opt_out_at_send(notification: Notification) -> bool:
    """The send-time check of an email already queued: True (and recorded) when
    the user has turned email off for its kind since."""
    if channel_enabled(
        user_id=notification.user_id, kind=notification.kind, channel=Channel.EMAIL
    ):
        return False
    Delivery.objects.get_or_create(
        notification=notification,
        channel=Channel.EMAIL,
        defaults={"address": notification.user.email, "status": Status.OPTED_OUT},
    )
    return True


def deliveries_create(notification_ids: list[int]) -> int:
    """The phone deliveries of these notifications (to their users' verified
    numbers, unless they opted out), in the caller's transaction; their tasks queued after commit.
    Nothing at all when no phone channel is configured."""
    channel = phone_channel()
    if not channel or not notification_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            _CREATE,
            {
                "channel": channel,
                "pending": Status.PENDING,
                "opted_out": Status.OPTED_OUT,
                "ids": notification_ids,
            },
        )
        ids = [id_ for id_, status in cursor.fetchall() if status == Status.PENDING]
    for delivery_id in ids:
        delivery_queue(delivery_id)
    return len(ids)


def delivery_queue(delivery_id: int) -> None:
    """Queue the send after commit; a broker outage is logged (the sweep
    queues it again)."""

    def publish():
        try:
            # By name: the tasks module imports this one.
            current_app.send_task(SEND_TASK, args=[delivery_id])
        except Exception:  # kombu/redis connection errors
            logger.warning("delivery %s not queued (broker down)", delivery_id)

    transaction.on_commit(publish)


def delivery_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again the deliveries waiting too long (their task lost with the
    broker, or its retry): the claim keeps a second run from sending twice."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(
            status__in=[Status.PENDING, Status.RETRY],
            updated_at__lte=now - SWEEP_MIN_AGE,
            created_at__gte=now - SWEEP_MAX_AGE,
        ).values_list("pk", flat=True)
    )
    for delivery_id in ids:
        delivery_queue(delivery_id)
    return len(ids)


def backoff(retries: int, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(max(retry_after, 1.0), BACKOFF_MAX)
    return min(BACKOFF_BASE * 2**retries, BACKOFF_MAX)


def _claim(delivery_id: int, claim: str) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("notification__user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        if delivery.status == Status.SENDING and delivery.claim == claim:
            delivery.status = Status.UNCERTAIN
            delivery.error = "pengirim berhenti saat mengirim; tidak dikirim ulang"
            delivery.save(update_fields=["status", "error", "updated_at"])
            return None
        if delivery.status not in (Status.PENDING, Status.RETRY):
            return None
        if _opted_out(delivery):
            delivery.status = Status.OPTED_OUT
            delivery.save(update_fields=["status", "updated_at"])
            return None
        delivery.status = Status.SENDING
        delivery.claim = claim
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claim", "attempts", "updated_at"])
        return delivery


def _opted_out(delivery: Delivery) -> bool:
    """The send-time check: the user turned this channel off for this kind of
    message, or all WhatsApp/SMS off, since the delivery was queued."""
    notification = delivery.notification
    if PhoneNumber.objects.filter(
        user_id=notification.user_id, opted_out_at__isnull=False
    ).exists():
        return True
    return not channel_enabled(
        user_id=notification.user_id, kind=notification.kind, channel=delivery.channel
    )


def _record(delivery_id: int, claim: str, status: str, **fields) -> None:
    """The provider's answer: the status only if the row is still ours (a
    receipt may have come first), the provider's id in any case."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:  # deleted with its user meanwhile
            return
        changed = list(fields)
        for name, value in fields.items():
            setattr(delivery, name, value)
        if delivery.status == Status.SENDING and delivery.claim == claim:
            delivery.status = status
            changed.append("status")
        delivery.save(update_fields=[*changed, "updated_at"])


def message_for(delivery: Delivery) -> OutgoingMessage:
    notification = delivery.notification
    link = f"{settings.SITE_URL}{notification.link}" if notification.link else ""
    language = notification.user.language
    return OutgoingMessage(
        to=delivery.address,
        reference=delivery.reference,
        language=language,
        title=notification.title,
        body=notification.body,
        link=link,
    )


def delivery_send(*, delivery_id: int, claim: str, retries: int, final: bool):
    """Send one delivery under `claim` (the task run's "<id>:<retry>"). Returns
    the seconds to wait before another try, or None when there is nothing more
    to do (sent, failed, uncertain, or not ours)."""
    delivery = _claim(delivery_id, claim)
    if delivery is None:
        return None
    try:
        provider_id = backend_for(delivery.channel).send(message_for(delivery))
    except TransientError as error:
        if final:
            _record(delivery_id, claim, Status.FAILED, error=str(error)[:2000])
            return None
        _record(delivery_id, claim, Status.RETRY, error=str(error)[:2000])
        return backoff(retries, error.retry_after)
    except PermanentError as error:
        _record(delivery_id, claim, Status.FAILED, error=str(error)[:2000])
    except UncertainError as error:
        _record(delivery_id, claim, Status.UNCERTAIN, error=str(error)[:2000])
    except LookupError as error:  # the channel was switched off since
        _record(delivery_id, claim, Status.FAILED, error=str(error))
    else:
        _record(
            delivery_id,
            claim,
            Status.SENT,
            provider_id=provider_id[:128],
            sent_at=timezone.now(),
            error="",
        )
    return None


# A receipt moves a delivery forward only (a late "sent" after "delivered" is
# ignored); "failed" wins over anything but delivered and read.
_RANK = {
    Status.PENDING: 0,
    Status.SENDING: 0,
    Status.RETRY: 0,
    Status.UNCERTAIN: 0,
    Status.SENT: 1,
    Status.DELIVERED: 2,
    Status.READ: 3,
    Status.FAILED: 1,
}


def delivery_id_from_reference(reference: str) -> int | None:
    if isinstance(reference, str) and reference.startswith(REFERENCE_PREFIX):
        number = reference[len(REFERENCE_PREFIX) :]
        if number.isdigit() and len(number) < 19:
            return int(number)
    return None


@transaction.atomic
def delivery_receipt(
    *, channel: str, status: str, provider_id: str = "", reference: str = "",
    error: str = "",
) -> Delivery | None:  # fmt: skip
    """A provider's receipt (`status` one of sent, delivered, read, failed) for
    the delivery it names by its own id or by our reference. Unknown ones are
    ignored (None)."""
    if status not in (Status.SENT, Status.DELIVERED, Status.READ, Status.FAILED):
        return None
    deliveries = Delivery.objects.select_for_update().filter(channel=channel)
    delivery_id = delivery_id_from_reference(reference)
    if delivery_id is not None:
        delivery = deliveries.filter(pk=delivery_id).first()
    elif provider_id:
        delivery = deliveries.filter(provider_id=str(provider_id)[:128]).first()
    else:
        delivery = None
    if delivery is None:
        return None
    if provider_id and not delivery.provider_id:
        delivery.provider_id = str(provider_id)[:128]
    current = _RANK[delivery.status]
    if status == Status.FAILED:
        if delivery.status not in (Status.DELIVERED, Status.READ):
            delivery.status = Status.FAILED
            delivery.error = str(error)[:2000] or "gagal menurut penyedia"
    elif _RANK[status] > current or delivery.status == Status.FAILED:
        delivery.status = status
        if status in (Status.DELIVERED, Status.READ) and not delivery.delivered_at:
            delivery.delivered_at = timezone.now()
        delivery.sent_at = delivery.sent_at or timezone.now()
    delivery.save()
    return delivery


@transaction.atomic
def delivery_resend(*, delivery_id: int) -> Delivery:
    """Staff send again a delivery that failed or is uncertain (a human's call:
    the provider may have the uncertain one)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.status in (Status.FAILED, Status.UNCERTAIN):
        delivery.status = Status.PENDING
        delivery.claim = ""
        delivery.save(update_fields=["status", "claim", "updated_at"])
        delivery_queue(delivery.pk)
    return delivery
