"""Deliveries on the paid phone channel: one per (notification, channel), sent
once under a claim, retried on transient errors, failed for good on permanent
ones, never resent blindly after a run died mid-send."""

import datetime

import pytest
from django.utils import timezone

from notifications.deliveries import (
    delivery_receipt,
    delivery_resend,
    delivery_send,
    delivery_sweep,
)
from notifications.models import Delivery, Notification
from notifications.services import notification_create, reminder_send_once
from tests.factories import UserFactory
from tests.notifications.conftest import verified_phone
from tests.notifications.provider import Answer

pytestmark = pytest.mark.django_db
Status = Delivery.Status


@pytest.fixture
def user_with_phone():
    user = UserFactory()
    verified_phone(user)
    return user


def _remind(user):
    reminder_send_once(
        kind="installment_due",
        object_ref="installment:1",
        period="due-7",
        user=user,
        title="Angsuran ke-1 jatuh tempo 30 Juni 2026",
        body="Sebesar Rp1.250.000.",
        link="/portal/pembiayaan/",
    )
    return Notification.objects.get(user=user, object_ref="installment:1")


def test_a_reminder_makes_one_whatsapp_delivery_to_a_verified_phone(whatsapp):
    user = UserFactory()
    verified_phone(user, "+6281200001111")

    notification = _remind(user)
    _remind(user)  # the same reminder again: nothing new

    [delivery] = Delivery.objects.all()
    assert (delivery.notification, delivery.channel) == (notification, "whatsapp")
    assert delivery.address == "+6281200001111"
    assert delivery.status == Status.PENDING


def test_no_delivery_to_an_unverified_phone_or_without_a_channel(settings, whatsapp):
    unverified = UserFactory()
    verified_phone(unverified).__class__.objects.filter(user=unverified).update(
        verified_at=None
    )
    notification_create(user=unverified, kind="x", title="t", body="b")
    settings.WHATSAPP = None
    verified = UserFactory()
    verified_phone(verified, "+6281200002222")
    notification_create(user=verified, kind="x", title="t", body="b")

    assert not Delivery.objects.exists()


def _delivery(user):
    _remind(user)
    return Delivery.objects.get(notification__user=user)


def test_delivery_send_sends_once_and_records_the_provider_id(
    whatsapp, user_with_phone
):
    delivery = _delivery(user_with_phone)

    wait = delivery_send(delivery_id=delivery.pk, claim="t1:0", retries=0, final=False)
    again = delivery_send(delivery_id=delivery.pk, claim="t2:0", retries=0, final=False)

    delivery.refresh_from_db()
    assert (wait, again) == (None, None)
    assert delivery.status == Status.SENT
    assert delivery.provider_id == "wamid.TEST1"
    assert delivery.attempts == 1
    assert len(whatsapp.requests) == 1
    body = whatsapp.requests[0].body
    assert body["template"]["components"][0]["parameters"][2]["text"].endswith(
        "/portal/pembiayaan/"
    )


def test_a_run_that_finds_its_own_claim_sending_does_not_resend(
    whatsapp, user_with_phone
):
    delivery = _delivery(user_with_phone)
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.SENDING, claim="t1:0")

    delivery_send(delivery_id=delivery.pk, claim="t1:0", retries=0, final=False)
    other = delivery_send(delivery_id=delivery.pk, claim="t9:0", retries=0, final=False)

    delivery.refresh_from_db()
    assert other is None
    assert delivery.status == Status.UNCERTAIN
    assert whatsapp.requests == []


def test_transient_errors_retry_with_the_providers_wait_then_fail(
    whatsapp, user_with_phone
):
    delivery = _delivery(user_with_phone)
    whatsapp.script += [Answer(429, {}, {"Retry-After": "9"}), Answer(503, {})]

    first = delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)
    delivery.refresh_from_db()
    status_after_first = delivery.status
    last = delivery_send(delivery_id=delivery.pk, claim="t:1", retries=1, final=True)

    delivery.refresh_from_db()
    assert first == 9.0
    assert status_after_first == Status.RETRY
    assert last is None
    assert delivery.status == Status.FAILED
    assert "503" in delivery.error
    assert delivery.attempts == 2


def test_backoff_doubles_without_retry_after(whatsapp, user_with_phone):
    delivery = _delivery(user_with_phone)
    whatsapp.script.append(Answer(500, {}))

    wait = delivery_send(delivery_id=delivery.pk, claim="t:2", retries=2, final=False)

    assert wait == 120


def test_a_permanent_error_fails_at_once(whatsapp, user_with_phone):
    delivery = _delivery(user_with_phone)
    whatsapp.script.append(Answer(400, {"error": {"code": 131026, "message": "undeliverable"}}))  # fmt: skip

    wait = delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)

    delivery.refresh_from_db()
    assert wait is None
    assert delivery.status == Status.FAILED
    assert "undeliverable" in delivery.error


def test_receipts_move_a_delivery_forward_only(whatsapp, user_with_phone):
    delivery = _delivery(user_with_phone)
    delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)

    delivery_receipt(channel="whatsapp", status="delivered", provider_id="wamid.TEST1")
    delivery_receipt(channel="whatsapp", status="sent", provider_id="wamid.TEST1")
    unknown = delivery_receipt(channel="whatsapp", status="read", provider_id="wamid.X")
    wrong_channel = delivery_receipt(channel="sms", status="failed", provider_id="wamid.TEST1")  # fmt: skip

    delivery.refresh_from_db()
    assert (unknown, wrong_channel) == (None, None)
    assert delivery.status == Status.DELIVERED
    assert delivery.delivered_at is not None


def test_a_receipt_by_our_reference_settles_an_uncertain_delivery(
    whatsapp, user_with_phone
):
    delivery = _delivery(user_with_phone)
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.UNCERTAIN)

    delivery_receipt(
        channel="whatsapp",
        status="read",
        provider_id="wamid.Z",
        reference=delivery.reference,
    )

    delivery.refresh_from_db()
    assert delivery.status == Status.READ
    assert delivery.provider_id == "wamid.Z"


def test_staff_resend_an_uncertain_delivery_only(whatsapp, user_with_phone):
    delivery = _delivery(user_with_phone)
    delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)
    delivery_resend(delivery_id=delivery.pk)  # sent: left alone
    sent_status = Delivery.objects.get(pk=delivery.pk).status
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.UNCERTAIN)

    delivery_resend(delivery_id=delivery.pk)
    delivery_send(delivery_id=delivery.pk, claim="s:0", retries=0, final=False)

    delivery.refresh_from_db()
    assert sent_status == Status.SENT
    assert delivery.status == Status.SENT
    assert len(whatsapp.requests) == 2


def test_the_sweep_queues_again_only_deliveries_left_waiting(
    whatsapp, user_with_phone, django_capture_on_commit_callbacks
):
    delivery = _delivery(user_with_phone)
    fresh = delivery_sweep()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(updated_at=long_ago)

    with django_capture_on_commit_callbacks() as callbacks:
        waiting = delivery_sweep()
    Delivery.objects.filter(pk=delivery.pk).update(status=Status.SENT)
    sent = delivery_sweep()

    assert (fresh, waiting, sent) == (0, 1, 0)
    assert len(callbacks) == 1


def test_a_delivery_gone_meanwhile_is_nothing_to_send(whatsapp, user_with_phone):
    delivery = _delivery(user_with_phone)
    Delivery.objects.filter(pk=delivery.pk).delete()

    wait = delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)

    assert wait is None
    assert whatsapp.requests == []
