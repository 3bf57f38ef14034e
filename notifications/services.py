"""Notifications: in-app message first, the same text by email after commit.

Reminders go through `reminder_send_once` (or, for a batch, `reminders_send_once`):
the notification carries the reminder's key (kind, object, period, recipient),
unique, which makes them exactly-once.
"""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from .channels import OutgoingMessage
from .channels.email import EmailChannel
from .deliveries import (
    deliveries_create,
    email_opt_out_at_send,
    email_opt_outs_record,
)
from .models import Channel, Notification

logger = logging.getLogger(__name__)
# The sweep leaves the newest to their own tasks and gives up on the oldest.
SWEEP_MIN_AGE = datetime.timedelta(minutes=15)
SWEEP_MAX_AGE = datetime.timedelta(days=3)


def queue_email(notification_id: int) -> None:
    """Queue the email after the commit. A broker outage must not fail the request
    or task that made the notification (its data is committed by then): the
    publish error is logged and `notification_email_sweep` sends it later."""
    from .tasks import notification_email_task

    def publish():
        try:
            notification_email_task.delay(notification_id)
        except Exception:  # kombu/redis connection errors: any failure to publish
            logger.warning(
                "email of notification %s not queued (broker down); the sweep sends it",
                notification_id,
            )

    transaction.on_commit(publish)


def notification_email_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again the emails never sent: lost while the broker was down, or
    given up after their retries. Sending stays once (`notification_email`)."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now - SWEEP_MIN_AGE,
            created_at__gte=now - SWEEP_MAX_AGE,
        )
        .exclude(user__email="")
        .exclude(deliveries__channel=Channel.EMAIL)  # turned off by the user
        .values_list("pk", flat=True)
    )
    for notification_id in ids:
        queue_email(notification_id)
    return len(ids)


def notification_create(
    *,
    user,
    kind: str,
    title: str,
    body: str,
    link: str = "",
    object_ref: str = "",
    period: str = "",
) -> Notification:
    """A notification, emailed after commit when the user has an address;
    `object_ref` and `period` are a reminder's key (`reminder_send_once`).
    `title` and `body` may be functions: called in the user's language."""
    if callable(title) or callable(body):
        with translation.override(user.language):
            title = title() if callable(title) else title
            body = body() if callable(body) else body
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        object_ref=object_ref,
        period=period,
        title=title,
        body=body,
        link=link,
    )
    if user.email and not email_opt_outs_record([notification.pk]):
        queue_email(notification.pk)
    deliveries_create([notification.pk])
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
    key of the notification lets exactly one caller through."""
    _check_key(object_ref=object_ref, period=period)
    try:
        with transaction.atomic():
            notification_create(
                user=user,
                kind=kind,
                object_ref=object_ref,
                period=period,
                title=title,
                body=body,
                link=link,
            )
    except IntegrityError:
        _email_if_lost(kind=kind, object_ref=object_ref, period=period, user=user)
        return False
    return True


def _check_key(*, object_ref: str, period: str) -> None:
    # An empty part would make the notification an ordinary one, sent every time.
    if not object_ref or not period:
        raise ValueError("a reminder needs an object and a period")


def _email_if_lost(*, kind: str, object_ref: str, period: str, user) -> None:
    """A worker killed between the reminder's commit and the publishing of its
    email task leaves a notification nobody will email; the redelivered task
    that meets the record enqueues it again (sending stays once: see
    `notification_email`)."""
    notification_id = (
        Notification.objects.filter(
            kind=kind,
            object_ref=object_ref,
            period=period,
            user=user,
            emailed_at=None,
        )
        .values_list("pk", flat=True)
        .first()
    )
    if notification_id and user.email:
        queue_email(notification_id)


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


# One statement per batch: each reminder gets a notification id from the sequence
# (to find its row among the batch's again; the sequence is looked up once); the
# INSERT skips the reminders whose key is there already (sent earlier, or by a
# concurrent worker, which it waits for). `{rows}` is a SELECT of (kind, object_ref, period, user_id, title, body,
# link, has_email); a reminder with an empty object or period is refused by the
# check constraint `reminder_key_whole` (its key would not be unique).
# The second part finds the reminders sent before whose email was never sent (a
# worker killed between commit and publish): the statement's snapshot does not see
# the rows it inserts itself, so only earlier ones match.
_SEND_ONCE = f"""
WITH batch AS (
  SELECT b.*, nextval((SELECT pg_get_serial_sequence(
           '{Notification._meta.db_table}', 'id')::regclass)) AS notification_id
  FROM ({{rows}}) AS b (kind, object_ref, period, user_id, title, body, link,
                        has_email)
), sent AS (
  INSERT INTO {Notification._meta.db_table}
    (id, user_id, kind, object_ref, period, title, body, link, created_at)
  SELECT notification_id, user_id, kind, object_ref, period, title, body, link, now()
  FROM batch
  ON CONFLICT (kind, object_ref, period, user_id) WHERE NOT (period = '')
  DO NOTHING
  RETURNING id
)
SELECT b.notification_id, b.has_email, false FROM sent
JOIN batch b ON b.notification_id = sent.id
UNION ALL
SELECT n.id, true, true FROM batch b
CROSS JOIN LATERAL (
  -- One lookup in the key's index per reminder (OFFSET 0 keeps the planner from
  -- scanning the whole index instead when its statistics predate the table's
  -- growth).
  SELECT n.id FROM {Notification._meta.db_table} n
  WHERE (n.kind, n.object_ref, n.period, n.user_id)
      = (b.kind, b.object_ref, b.period, b.user_id)
    AND NOT (n.period = '') AND n.emailed_at IS NULL
  OFFSET 0
) n
WHERE b.has_email
"""  # noqa: S608 -- the table names are ours
# A batch built in Python, as the SELECT `reminders_send_once_select` takes.
_UNNEST_ROWS = """
SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::bigint[],
                     %s::varchar[], %s::text[], %s::varchar[], %s::boolean[])
  AS u (kind, object_ref, period, user_id, title, body, link, has_email)
"""


def reminders_send_once(reminders: list[Reminder]) -> int:
    """`reminder_send_once` for a batch made in Python: one statement instead of
    a few per reminder (`reminders_send_once_select`). Returns how many were
    sent."""
    wanted = {}
    for reminder in reminders:
        _check_key(object_ref=reminder.object_ref, period=reminder.period)
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
        [bool(r.user.email) for r in rows],
    ]
    return reminders_send_once_select(_UNNEST_ROWS, columns)


def _preparing_cursor():
    """A cursor that binds its parameters on the server, so psycopg prepares a
    statement run a few times on the connection (its prepare_threshold) and the
    server plans it once: a batch statement is planned in a few milliseconds,
    a fair part of the batch. Django's own cursors bind on the client."""
    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def reminders_send_once_select(rows_sql: str, params) -> int:
    """Reminders that a SELECT (`rows_sql`, with its `params`) builds, sent once
    each in one statement (a batch need not travel through Python); the emails
    of the sent ones are queued after commit. Returns how many were sent.
    The SELECT's columns: kind, object_ref, period, user_id, title, body, link
    and `has_email` (whether the recipient has an email address)."""
    with transaction.atomic():
        with _preparing_cursor() as cursor:
            cursor.execute(_SEND_ONCE.format(rows=rows_sql), params)
            rows = cursor.fetchall()
        turned_off = email_opt_outs_record(
            [id_ for id_, email, earlier in rows if email and not earlier]
        )
        for notification_id, has_email, _earlier in rows:
            if has_email and notification_id not in turned_off:
                queue_email(notification_id)
        deliveries_create([id_ for id_, _email, earlier in rows if not earlier])
    return sum(1 for _id, _email, earlier in rows if not earlier)


def notification_message_id(notification_id: int) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "kukm.kaltimprov.go.id"
    return f"<notification-{notification_id}@{domain}>"


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
    if email_opt_out_at_send(notification):  # turned off since it was queued
        return False
    # SMTP cannot be part of our transaction: a worker killed between the send and
    # the commit sends the message again when the task is redelivered. The
    # notification's own Message-ID makes that copy the same message, which mail
    # systems and readers recognise as one (RFC 5322 3.6.4).
    EmailChannel().send(
        OutgoingMessage(
            to=notification.user.email,
            reference=notification_message_id(notification.pk),
            language=notification.user.language,
            title=notification.title,
            body=notification.body,
            link=f"{settings.SITE_URL}{notification.link}" if notification.link else "",
        )
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, user, notification_ids=None) -> int:
    qs = Notification.objects.filter(user=user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def email_send_after_commit(*, to: str, subject: str, body: str) -> None:
    """An email to an address that has no account yet (an invitation, the answer
    to a request for access), sent once the transaction commits. It is not kept:
    it may carry a one-time link whose token only the recipient should hold. A
    failure is logged, not raised (the sender can send it again)."""

    def send():
        try:
            send_mail(subject, body, None, [to])
        except OSError:
            logger.warning("email %r to an invitee not sent", subject)

    transaction.on_commit(send)
