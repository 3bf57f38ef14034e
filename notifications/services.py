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


# One statement per batch: each reminder gets a notification id from the sequence;
# the INSERT of the once-only records skips the rows already there (sent earlier, or
# by a concurrent worker, which it waits for), and only the claimed rows get their
# notification (the record's foreign key is checked at commit, so it may come first).
# `{rows}` is a SELECT of (kind, object_ref, period, user_id, title, body, link).
_SEND_ONCE_FROM = f"""
WITH batch AS (
  SELECT b.*, nextval(pg_get_serial_sequence('{Notification._meta.db_table}', 'id'))
           AS notification_id
  FROM ({{rows}}) AS b (kind, object_ref, period, user_id, title, body, link)
), claimed AS (
  INSERT INTO {SentReminder._meta.db_table}
    (kind, object_ref, period, user_id, notification_id, created_at)
  SELECT kind, object_ref, period, user_id, notification_id, now() FROM batch
  ON CONFLICT (kind, object_ref, period, user_id) DO NOTHING
  RETURNING notification_id
)
"""  # noqa: S608 -- the table names are ours
_NOTIFY_CLAIMED = f"""
INSERT INTO {Notification._meta.db_table}
  (id, user_id, kind, title, body, link, created_at)
SELECT b.notification_id, b.user_id, b.kind, b.title, b.body, b.link, now()
FROM batch b JOIN claimed USING (notification_id)
RETURNING id, user_id
"""  # noqa: S608 -- the table names are ours
_SEND_ONCE = (
    _SEND_ONCE_FROM.format(
        rows="SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], "
        "%s::bigint[], %s::varchar[], %s::text[], %s::varchar[])"
    )
    + _NOTIFY_CLAIMED
)


def reminders_send_once(reminders: list[Reminder]) -> int:
    """`reminder_send_once` for a batch, in one statement instead of a few per
    reminder; the emails of the sent ones are queued after the commit. Returns
    how many were sent."""
    wanted = {}
    for reminder in reminders:
        wanted.setdefault(reminder.key, reminder)
    if not wanted:
        return 0
    rows = list(wanted.values())
    columns = [
        [r.kind for r in rows],
        [r.object_ref for r in rows],
        [r.period for r in rows],
        [r.user.pk for r in rows],
        [r.title for r in rows],
        [r.body for r in rows],
        [r.link for r in rows],
    ]
    emails = {r.user.pk: r.user.email for r in rows}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_SEND_ONCE, columns)
            sent = cursor.fetchall()
        from .tasks import notification_email_task

        for notification_id, user_id in sent:
            if emails[user_id]:
                notification_email_task.delay_on_commit(notification_id)
    return len(sent)


def reminders_send_once_select(rows_sql: str, params) -> int:
    """`reminders_send_once` for reminders that a SELECT (`rows_sql`, with its
    `params`) builds in the database, so a batch never travels through Python;
    the same once-only claim, the emails of the sent ones queued after commit.
    The SELECT's columns: kind, object_ref, period, user_id, title, body, link
    and `has_email` (whether the recipient has an email address)."""
    sql = f"""{_SEND_ONCE_FROM.format(rows=rows_sql)}, sent AS ({_NOTIFY_CLAIMED})
    SELECT sent.id, b.has_email FROM sent JOIN batch b ON b.notification_id = sent.id
    """  # noqa: S608 -- the table names are ours
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            sent = cursor.fetchall()
        from .tasks import notification_email_task

        for notification_id, has_email in sent:
            if has_email:
                notification_email_task.delay_on_commit(notification_id)
    return len(sent)


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
