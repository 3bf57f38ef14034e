"""Notifications: in-app message first, the same text by email after commit.

Reminders go through `reminder_send_once` (or, for a batch, `reminders_send_once`),
whose unique record makes them exactly-once per (kind, object, period, recipient).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
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
        return False
    return True


@dataclass(frozen=True)
class Reminder:
    kind: str
    object_ref: str
    period: str
    user: object  # a User
    title: str
    body: str
    link: str = ""

    @property
    def key(self) -> tuple:
        return (self.kind, self.object_ref, self.period, self.user.pk)


# One statement claims the once-only records of a whole batch: the rows already
# there (sent earlier, or by a concurrent worker, which this waits for) are skipped,
# and RETURNING names the ones this call owns.
_CLAIM = f"""
INSERT INTO {SentReminder._meta.db_table} (kind, object_ref, period, user_id, created_at)
SELECT kind, object_ref, period, user_id, now()
FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::bigint[])
  AS batch (kind, object_ref, period, user_id)
ON CONFLICT (kind, object_ref, period, user_id) DO NOTHING
RETURNING id, kind, object_ref, period, user_id
"""  # noqa: S608 -- the table name is ours
_LINK = f"""
UPDATE {SentReminder._meta.db_table} AS sent SET notification_id = batch.notification_id
FROM unnest(%s::bigint[], %s::bigint[]) AS batch (id, notification_id)
WHERE sent.id = batch.id
"""  # noqa: S608 -- the table name is ours


def reminders_send_once(reminders: list[Reminder]) -> int:
    """`reminder_send_once` for a batch, in a few statements instead of a few per
    reminder: claim the records, create the notifications of the claimed ones,
    link them, queue their emails after the commit. Returns how many were sent."""
    wanted = {}
    for reminder in reminders:
        wanted.setdefault(reminder.key, reminder)
    if not wanted:
        return 0
    columns = list(zip(*wanted, strict=True))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_CLAIM, [list(column) for column in columns])
            claimed = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
        if not claimed:
            return 0
        owned = [wanted[key] for key in claimed]
        notifications = Notification.objects.bulk_create(
            Notification(
                user=r.user, kind=r.kind, title=r.title, body=r.body, link=r.link
            )
            for r in owned
        )
        with connection.cursor() as cursor:
            cursor.execute(
                _LINK,
                [[claimed[r.key] for r in owned], [n.pk for n in notifications]],
            )
        from .tasks import notification_email_task

        for notification in notifications:
            if notification.user.email:
                notification_email_task.delay_on_commit(notification.pk)
    return len(owned)


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
