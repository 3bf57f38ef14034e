"""Notifications: in-app message first, the same text by email after commit.

Reminders go through `reminder_send_once`, whose unique record makes them
exactly-once per (kind, object, period, recipient).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification, SentReminder


def notification_create(
    *, user, kind: str, title: str, body: str, link: str = ""
) -> Notification:
    notification = Notification.objects.create(
        user=user, kind=kind, title=title, body=body, link=link
    )
    if user.email:
        from .tasks import notification_email_task

        notification_email_task.delay_on_commit(notification.pk)
    return notification


def reminder_send_once(
    *,
    kind: str,
    object_ref: str,
    period: str,
    user,
    title: str,
    body: str,
    link: str = "",
) -> bool:
    """Send the reminder unless this (kind, object, period, user) already had it.

    Returns True when it was sent now. Safe to call concurrently: the unique
    constraint lets exactly one caller through."""
    try:
        with transaction.atomic():
            record = SentReminder.objects.create(
                kind=kind, object_ref=object_ref, period=period, user=user
            )
            record.notification = notification_create(
                user=user, kind=kind, title=title, body=body, link=link
            )
            record.save(update_fields=["notification"])
    except IntegrityError:
        _email_if_lost(kind=kind, object_ref=object_ref, period=period, user=user)
        return False
    return True


def _email_if_lost(*, kind: str, object_ref: str, period: str, user) -> None:
    """A worker killed between the reminder's commit and the publishing of its
    email task leaves a notification nobody will email; the redelivered task
    that meets the record enqueues it again (sending stays once: see
    `notification_email`)."""
    notification_id = (
        SentReminder.objects.filter(
            kind=kind,
            object_ref=object_ref,
            period=period,
            user=user,
            notification__emailed_at=None,
        )
        .values_list("notification_id", flat=True)
        .first()
    )
    if notification_id and user.email:
        from .tasks import notification_email_task

        notification_email_task.delay_on_commit(notification_id)


@transaction.atomic
def notification_email(*, notification_id: int) -> bool:
    """Email a notification once; a second call (a retried task) does nothing."""
    notification = (
        Notification.objects.select_for_update()
        .select_related("user")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.user.email:
        return False
    body = notification.body
    if notification.link:
        body += f"\n\n{settings.SITE_URL}{notification.link}"
    send_mail(notification.title, body, None, [notification.user.email])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, user, notification_ids=None) -> int:
    qs = Notification.objects.filter(user=user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
