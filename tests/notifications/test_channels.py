"""The channel adapters against a local stand-in provider (never the internet):
request shape, authentication, and how each error answer is classified."""

import json

import pytest

from kukm_portal.settings.base import _channel_url
from notifications.channels import (
    OutgoingMessage,
    PermanentError,
    TransientError,
    UncertainError,
    backend_for,
    phone_channel,
)
from notifications.channels.base import retry_after_seconds
from notifications.channels.dev import FileBackend
from notifications.channels.sms import SmsGatewayBackend
from notifications.channels.whatsapp import WhatsAppCloudBackend
from tests.notifications.conftest import PHONE_ID, TOKEN
from tests.notifications.provider import Answer

MESSAGE = OutgoingMessage(
    to="+6281234567890",
    reference="kukm-delivery-7",
    language="id",
    title="Angsuran ke-3 jatuh tempo 30 Juni 2026",
    body="Angsuran ke-3 sebesar Rp1.250.000\njatuh tempo\tpada 30 Juni 2026.",
    link="http://127.0.0.1:8000/portal/pembiayaan/",
)


def _whatsapp(provider):
    return WhatsAppCloudBackend(
        endpoint=f"{provider.base}/v21.0/{PHONE_ID}", token=TOKEN, template="kukm"
    )


def test_whatsapp_sends_an_approved_template_with_the_token(provider):
    wamid = _whatsapp(provider).send(MESSAGE)

    [request] = provider.requests
    assert wamid == "wamid.TEST1"
    assert request.path == f"/v21.0/{PHONE_ID}/messages"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.body["messaging_product"] == "whatsapp"
    assert request.body["to"] == "6281234567890"
    assert request.body["type"] == "template"
    assert request.body["biz_opaque_callback_data"] == "kukm-delivery-7"
    template = request.body["template"]
    assert template["name"] == "kukm"
    assert template["language"] == {"code": "id"}
    [component] = template["components"]
    assert component["type"] == "body"
    assert [p["text"] for p in component["parameters"]] == [
        MESSAGE.title,
        "Angsuran ke-3 sebesar Rp1.250.000 jatuh tempo pada 30 Juni 2026.",
        MESSAGE.link,
    ]


@pytest.mark.parametrize(
    ("answer", "error", "retry_after"),
    [
        (Answer(400, {"error": {"code": 132001, "message": "no template"}}), PermanentError, None),
        (Answer(401, {"error": {"code": 190, "message": "bad token"}}), PermanentError, None),
        (Answer(500, {}), TransientError, None),
        (Answer(503, {}, {"Retry-After": "12"}), TransientError, 12.0),
        (Answer(429, {}, {"Retry-After": "7"}), TransientError, 7.0),
        (Answer(400, {"error": {"code": 130429, "message": "rate"}}), TransientError, None),
    ],
)  # fmt: skip
def test_whatsapp_errors_are_permanent_or_retried(provider, answer, error, retry_after):
    provider.script.append(answer)

    with pytest.raises(error) as raised:
        _whatsapp(provider).send(MESSAGE)

    if error is TransientError:
        assert raised.value.retry_after == retry_after
    assert len(provider.requests) == 1


def test_a_provider_that_cannot_be_reached_is_retried():
    backend = WhatsAppCloudBackend(endpoint="http://127.0.0.1:9/v21.0/1", token="t")

    with pytest.raises(TransientError):
        backend.send(MESSAGE)


def test_sms_gateway_request_shape_and_errors(provider):
    backend = SmsGatewayBackend(endpoint=f"{provider.base}/v1/messages", token=TOKEN)

    message_id = backend.send(MESSAGE)
    provider.script.append(Answer(422, {"error": "bad number"}))
    with pytest.raises(PermanentError):
        backend.send(MESSAGE)
    provider.script.append(Answer(429, {}, {"Retry-After": "3"}))
    with pytest.raises(TransientError) as raised:
        backend.send(MESSAGE)

    request = provider.requests[0]
    assert message_id == "sms-1"
    assert request.path == "/v1/messages"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Idempotency-Key"] == "kukm-delivery-7"
    assert request.body == {
        "to": "+6281234567890",
        "text": MESSAGE.text,
        "reference": "kukm-delivery-7",
    }
    assert raised.value.retry_after == 3.0


def test_retry_after_as_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None


@pytest.mark.parametrize(
    ("url", "config"),
    [
        ("", None),
        ("console://", {"backend": "console"}),
        ("file:///tmp/wa", {"backend": "file", "path": "/tmp/wa"}),  # noqa: S108
        (
            "whatsapp+https://EAAG%2Bx@graph.facebook.com/v21.0/123",
            {"backend": "http", "endpoint": "https://graph.facebook.com/v21.0/123", "token": "EAAG+x"},
        ),
        (
            "sms+http://:tok@127.0.0.1:8025/v1/messages",
            {"backend": "http", "endpoint": "http://127.0.0.1:8025/v1/messages", "token": "tok"},
        ),
    ],
)  # fmt: skip
def test_channel_urls_are_parsed_from_the_environment(monkeypatch, url, config):
    monkeypatch.setenv("WHATSAPP_URL", url)

    assert _channel_url("WHATSAPP_URL") == config


def test_channel_not_configured_is_not_offered(settings, tmp_path):
    settings.WHATSAPP = None
    settings.SMS = None
    assert phone_channel() is None
    with pytest.raises(LookupError):
        backend_for("whatsapp")

    settings.SMS = {"backend": "file", "path": str(tmp_path)}
    assert phone_channel() == "sms"
    settings.WHATSAPP = {"backend": "console"}
    assert phone_channel() == "whatsapp"


def test_file_backend_writes_each_send(tmp_path):
    backend = FileBackend("whatsapp", str(tmp_path))

    backend.send(MESSAGE)
    backend.send(MESSAGE)

    files = sorted(tmp_path.glob("*.json"))
    assert [f.name for f in files] == [
        "whatsapp-kukm-delivery-7-1.json",
        "whatsapp-kukm-delivery-7-2.json",
    ]
    assert json.loads(files[0].read_text())["title"] == MESSAGE.title


def test_console_backend_prints_the_message(settings, capsys):
    settings.WHATSAPP = {"backend": "console"}

    backend_for("whatsapp").send(MESSAGE)

    assert json.loads(capsys.readouterr().out)["reference"] == "kukm-delivery-7"


def test_uncertain_when_the_answer_is_lost(provider, monkeypatch):
    monkeypatch.setattr("notifications.channels.base.TIMEOUT", (2, 0.3))
    import threading

    provider.hold = threading.Event()

    with pytest.raises(UncertainError):
        _whatsapp(provider).send(MESSAGE)

    provider.hold.set()
    assert len(provider.requests) == 1
