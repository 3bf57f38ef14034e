import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification
from notifications.services import (
    notification_email,
    notification_mark_read,
    reminder_send_once,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _remind(user, period="2025"):
    return reminder_send_once(
        kind="rat_report_due",
        object_ref="cooperative:1",
        period=period,
        user=user,
        title="Judul",
        body="Isi",
    )


def test_reminder_send_once_is_once_per_period():
    user = UserFactory()

    results = [_remind(user), _remind(user), _remind(user, period="2026")]

    assert results == [True, False, True]
    assert Notification.objects.filter(user=user).count() == 2


def test_reminder_send_once_inside_an_outer_transaction_survives_a_duplicate():
    user = UserFactory()

    with transaction.atomic():
        _remind(user)
        duplicate = _remind(user)
        still_usable = Notification.objects.filter(user=user).count()

    assert duplicate is False
    assert still_usable == 1


def test_notification_email_sends_once():
    mail.outbox = []
    user = UserFactory(email="ketua@example.id")
    notification = Notification.objects.create(
        user=user, kind="x", title="Judul", body="Isi", link="/portal/"
    )

    first = notification_email(notification_id=notification.pk)
    second = notification_email(notification_id=notification.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ketua@example.id"]
    assert "/portal/" in mail.outbox[0].body


def test_notification_mark_read_only_touches_own_notifications():
    user, other = UserFactory(), UserFactory()
    mine = Notification.objects.create(user=user, kind="x", title="a", body="b")
    theirs = Notification.objects.create(user=other, kind="x", title="a", body="b")

    notification_mark_read(user=user, notification_ids=[mine.pk, theirs.pk])

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
