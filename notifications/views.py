"""Delivery receipts from the providers (webhooks): the only CSRF-exempt views,
since the caller is a provider's server, authenticated by the HMAC signature of
the body instead. A bad signature is a 403; a body that is not what the provider
sends is a 400; receipts for messages we do not know are acknowledged (200), so
the provider does not retry them forever."""

import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .deliveries import delivery_receipt
from .models import Channel

MAX_BODY = 256 * 1024


def _signed(body: bytes, secret: str, header: str | None) -> bool:
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip())


def _json(body: bytes):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=400)


def _whatsapp_statuses(payload) -> list[dict] | None:
    """The `statuses` objects of a Meta webhook (entry → changes → value)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        return None
    statuses = []
    for entry in payload["entry"]:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            value = change.get("value") if isinstance(change, dict) else None
            found = value.get("statuses") if isinstance(value, dict) else None
            statuses += [s for s in found or [] if isinstance(s, dict)]
    return statuses


def _text(value) -> str:
    return value if isinstance(value, str) else ""


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    """GET: Meta's subscription handshake (hub.verify_token → hub.challenge).
    POST: status updates signed with the app secret (X-Hub-Signature-256)."""
    if request.method == "GET":
        token = settings.WHATSAPP_VERIFY_TOKEN
        given = request.GET.get("hub.verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and hmac.compare_digest(given.encode(), token.encode())
        ):
            return HttpResponse(
                request.GET.get("hub.challenge", ""), content_type="text/plain"
            )
        return HttpResponse(status=403)
    body = request.body[:MAX_BODY]
    signature = request.headers.get("X-Hub-Signature-256")
    if not _signed(body, settings.WHATSAPP_APP_SECRET, signature):
        return HttpResponse(status=403)
    statuses = _whatsapp_statuses(_json(body))
    if statuses is None:
        return _bad("not a WhatsApp webhook")
    for status in statuses:
        errors = status.get("errors")
        error = errors[0] if isinstance(errors, list) and errors else {}
        error = error if isinstance(error, dict) else {}
        delivery_receipt(
            channel=Channel.WHATSAPP,
            status=_text(status.get("status")),
            provider_id=_text(status.get("id")),
            reference=_text(status.get("biz_opaque_callback_data")),
            error=f"{error.get('code', '')} {_text(error.get('title'))}".strip(),
        )
    return JsonResponse({"received": len(statuses)})


@csrf_exempt
@require_http_methods(["POST"])
def sms_webhook(request: HttpRequest) -> HttpResponse:
    """The SMS gateway's receipt, signed like Meta's (`X-Signature: sha256=<HMAC
    of the body with SMS_WEBHOOK_SECRET>`): {"id", "reference", "status"
    (delivered or failed), "error"}."""
    body = request.body[:MAX_BODY]
    if not _signed(
        body, settings.SMS_WEBHOOK_SECRET, request.headers.get("X-Signature")
    ):
        return HttpResponse(status=403)
    payload = _json(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("status"), str):
        return _bad("not an SMS receipt")
    delivery = delivery_receipt(
        channel=Channel.SMS,
        status=payload["status"],
        provider_id=_text(payload.get("id")),
        reference=_text(payload.get("reference")),
        error=_text(payload.get("error")),
    )
    return JsonResponse({"received": int(delivery is not None)})
