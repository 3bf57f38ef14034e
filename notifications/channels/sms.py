"""SMS through an HTTP gateway, in the shape most gateways take (documented in
README.md):

    POST <SMS_URL without "sms+"> with `Authorization: Bearer <token>`,
    `Idempotency-Key: <reference>` and the JSON body
    {"to": "+6281234567890", "text": "...", "reference": "kukm-delivery-42"}
    → 2xx {"id": "<the gateway's message id>"}

The gateway must treat a repeated `reference` (or Idempotency-Key) as the same
message: that is what makes a resend after a lost answer safe."""

from .base import ChannelBackend, OutgoingMessage, PermanentError
from .base import post_json as _post_json

SMS_MAX = 459  # three concatenated GSM-7 parts


class SmsGatewayBackend(ChannelBackend):
    channel = "sms"

    def __init__(self, *, endpoint: str, token: str):
        self.endpoint = endpoint
        self.token = token

    def send(self, message: OutgoingMessage) -> str:
        payload = {
            "to": message.to,
            "text": message.text[:SMS_MAX],
            "reference": message.reference,
        }
        status, body, response = _post_json(
            self.endpoint,
            token=self.token,
            payload=payload,
            headers={"Idempotency-Key": message.reference},
        )
        if status >= 400:
            raise PermanentError(f"HTTP {status}: {response.text[:300]}")
        return str(body.get("id", ""))
