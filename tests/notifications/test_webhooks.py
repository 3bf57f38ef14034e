"""Delivery receipts: Meta's webhook (verification handshake, X-Hub-Signature-256)
and the SMS gateway's; a bad signature is refused, odd bodies never a 500."""

import hashlib
import hmac
import json

import pytest
from django.test import Client
from django.urls import reverse

from notifications.deliveries import delivery_send
from notifications.models import Delivery
from notifications.services import notification_create
from tests.factories import UserFactory
from tests.notifications.conftest import verified_phone

pytestmark = pytest.mark.django_db
APP_SECRET = "meta-app-secret"
SMS_SECRET = "gateway-secret"
WHATSAPP = reverse("notifications:whatsapp_webhook")
SMS = reverse("notifications:sms_webhook")


@pytest.fixture(autouse=True)
def secrets(settings):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.SMS_WEBHOOK_SECRET = SMS_SECRET


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def _post(client, url, body: bytes, secret: str | None, header: str):
    headers = {}
    if secret is not None:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers[header] = f"sha256={digest}"
    return client.post(url, body, content_type="application/json", headers=headers)


def _status_webhook(**status) -> bytes:
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp", "statuses": [status]}}]}],
        }
    ).encode()  # fmt: skip


def test_verification_handshake(client):
    ok = client.get(WHATSAPP, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"})  # fmt: skip
    bad = client.get(WHATSAPP, {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"})  # fmt: skip

    assert (ok.status_code, ok.content) == (200, b"1158201444")
    assert bad.status_code == 403


@pytest.fixture
def sent(whatsapp):
    user = UserFactory()
    verified_phone(user)
    notification_create(user=user, kind="x", title="Judul", body="Isi")
    delivery = Delivery.objects.get()
    delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)
    return Delivery.objects.get()


def test_a_signed_receipt_marks_the_message_delivered(client, sent):
    body = _status_webhook(id=sent.provider_id, status="delivered", timestamp="1", recipient_id="6281234567890")  # fmt: skip

    response = _post(client, WHATSAPP, body, APP_SECRET, "X-Hub-Signature-256")

    sent.refresh_from_db()
    assert response.status_code == 200
    assert sent.status == Delivery.Status.DELIVERED


def test_a_failed_receipt_records_the_error(client, sent):
    body = _status_webhook(
        id="wamid.other", status="failed", biz_opaque_callback_data=sent.reference,
        errors=[{"code": 131026, "title": "Message undeliverable"}],
    )  # fmt: skip

    _post(client, WHATSAPP, body, APP_SECRET, "X-Hub-Signature-256")

    sent.refresh_from_db()
    assert sent.status == Delivery.Status.FAILED
    assert sent.error == "131026 Message undeliverable"


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_a_bad_signature_is_refused(client, sent, secret):
    body = _status_webhook(id=sent.provider_id, status="delivered")

    response = _post(client, WHATSAPP, body, secret, "X-Hub-Signature-256")

    sent.refresh_from_db()
    assert response.status_code == 403
    assert sent.status == Delivery.Status.SENT


FUZZ = [
    b"",
    b"not json",
    b"\xff\xfe",
    b"[]",
    b"null",
    b'{"entry": 5}',
    b'{"entry": [1, {"changes": "x"}, {"changes": [null, {"value": []}]}]}',
    b'{"entry": [{"changes": [{"value": {"statuses": [1, {"id": 5, "status": []}]}}]}]}',
    b'{"entry": [{"changes": [{"value": {"statuses": [{"biz_opaque_callback_data": "kukm-delivery-99999999999999999999999", "status": "read"}]}}]}]}',
    b'{"entry": [{"changes": [{"value": {"statuses": [{"id": "x", "status": "failed", "errors": [5]}]}}]}]}',
    b'{"status": {"a": 1}, "id": [], "reference": 3}',
    b'{"status": "delivered", "reference": "kukm-delivery-x"}',
]


@pytest.mark.parametrize("body", FUZZ)
@pytest.mark.parametrize(("url", "secret", "header"), [
    (WHATSAPP, APP_SECRET, "X-Hub-Signature-256"), (SMS, SMS_SECRET, "X-Signature")])  # fmt: skip
def test_fuzzed_signed_bodies_are_never_a_server_error(
    client, url, secret, header, body
):
    response = _post(client, url, body, secret, header)

    assert response.status_code in (200, 400)


def test_sms_receipt_marks_delivered_and_checks_the_signature(client, settings, sent):
    Delivery.objects.filter(pk=sent.pk).update(channel="sms", provider_id="sms-77")
    body = json.dumps({"id": "sms-77", "status": "delivered"}).encode()

    refused = _post(client, SMS, body, "wrong", "X-Signature")
    accepted = _post(client, SMS, body, SMS_SECRET, "X-Signature")

    sent.refresh_from_db()
    assert (refused.status_code, accepted.status_code) == (403, 200)
    assert sent.status == Delivery.Status.DELIVERED


def test_no_secret_configured_refuses_everything(client, settings):
    settings.WHATSAPP_APP_SECRET = ""
    body = b"{}"

    response = _post(client, WHATSAPP, body, "", "X-Hub-Signature-256")

    assert response.status_code == 403
