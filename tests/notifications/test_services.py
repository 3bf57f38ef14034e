import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from notifications.models import Notification, SentReminder
from notifications.services import (
    Reminder,
    notification_email,
    notification_mark_read,
    reminder_send_once,
    reminders_send_once,
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


def _batch(users, refs, period="due-7"):
    return [
        Reminder(
            kind="installment_due",
            object_ref=ref,
            period=period,
            user=user,
            title=f"Angsuran {ref}",
            body="Isi",
            link="/portal/",
        )
        for ref in refs
        for user in users
    ]


def test_reminders_send_once_sends_a_batch_once_with_linked_notifications():
    users = [UserFactory(), UserFactory()]

    first = reminders_send_once(_batch(users, ["installment:1", "installment:2"]))
    again = reminders_send_once(_batch(users, ["installment:1", "installment:2"]))

    assert (first, again) == (4, 0)
    records = SentReminder.objects.select_related("notification")
    assert records.count() == 4
    for record in records:
        assert record.notification.user_id == record.user_id
        assert record.notification.title == f"Angsuran {record.object_ref}"
    assert Notification.objects.count() == 4


def test_reminders_send_once_skips_what_was_sent_one_by_one_and_input_duplicates():
    user = UserFactory()
    reminder_send_once(
        kind="installment_due",
        object_ref="installment:1",
        period="due-7",
        user=user,
        title="T",
        body="B",
    )

    sent = reminders_send_once(
        _batch([user], ["installment:1", "installment:2", "installment:2"])
        + _batch([user], ["installment:2"], period="due-1")
    )

    assert sent == 2
    assert sorted(SentReminder.objects.values_list("object_ref", "period")) == [
        ("installment:1", "due-7"),
        ("installment:2", "due-1"),
        ("installment:2", "due-7"),
    ]
    assert Notification.objects.filter(user=user).count() == 3


def test_reminders_send_once_queues_an_email_after_commit_for_those_with_an_address(
    django_capture_on_commit_callbacks,
):
    with_email = UserFactory(email="bendahara@example.id")
    without = UserFactory(email="")

    with django_capture_on_commit_callbacks() as callbacks:
        sent = reminders_send_once(_batch([with_email, without], ["installment:9"]))

    assert sent == 2
    assert len(callbacks) == 1  # the email task, published only once committed
    assert Notification.objects.filter(user__in=[with_email, without]).count() == 2


def test_reminders_send_once_of_nothing_sends_nothing():
    assert reminders_send_once([]) == 0


def test_sent_reminders_are_the_notifications_that_carry_a_key():
    user = UserFactory()
    _remind(user)
    Notification.objects.create(user=user, kind="x", title="Biasa", body="Isi")

    record = SentReminder.objects.select_related("notification").get()

    assert (record.kind, record.object_ref, record.period, record.user) == (
        "rat_report_due",
        "cooperative:1",
        "2025",
        user,
    )
    assert record.notification.title == "Judul"
    assert record.created_at == record.notification.created_at


def test_a_reminder_without_an_object_or_a_period_is_refused():
    user = UserFactory()

    with pytest.raises(ValueError, match="object and a period"):
        _remind(user, period="")
    with pytest.raises(ValueError, match="object and a period"):
        reminders_send_once(_batch([user], [""]))

    assert not Notification.objects.exists()


def test_the_database_refuses_half_a_reminder_key():
    user = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=user, kind="x", title="T", body="B", object_ref="cooperative:1"
        )


def test_deleting_a_user_deletes_their_reminders():
    user = UserFactory()
    _remind(user)

    user.delete()

    assert not Notification.objects.exists()
    assert not SentReminder.objects.exists()
