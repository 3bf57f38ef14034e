"""WhatsApp through the WhatsApp Business Cloud API: a business-initiated
message must be an approved template (Meta's rule), so every notification uses
one template, `WHATSAPP_TEMPLATE`, approved in Indonesian ("id") and English
("en"), whose body takes three parameters: the title, the text and the link.

POST https://graph.facebook.com/v21.0/<phone-number-id>/messages with the
token as a bearer. The API has no idempotency key: our reference travels as
`biz_opaque_callback_data`, which Meta returns in the status webhooks, so a
receipt finds its delivery even when the send's answer was lost."""

import re

from django.conf import settings

from .base import ChannelBackend, OutgoingMessage, PermanentError, TransientError
from .base import post_json as _post_json

# Meta's throughput and rate-limit error codes (answered with HTTP 400 or 429).
RATE_LIMIT_CODES = {4, 80007, 130429, 131048, 131056}
PARAMETER_MAX = 900


def template_parameter(text: str) -> str:
    """A template parameter may hold no newline or tab, nor more than four spaces
    in a row (Meta refuses it): whitespace becomes one space."""
    text = re.sub(r"\s+", " ", text).strip()
    return text[:PARAMETER_MAX] or "-"


class WhatsAppCloudBackend(ChannelBackend):
    channel = "whatsapp"

    def __init__(self, *, endpoint: str, token: str, template: str | None = None):
        self.endpoint = endpoint.rstrip("/") + "/messages"
        self.token = token
        self.template = template or settings.WHATSAPP_TEMPLATE

    def payload(self, message: OutgoingMessage) -> dict:
        """The notification template with its three body parameters; a one-time
        code goes in the authentication template instead (Meta's rule for
        codes): the code in the body and in its copy-code button."""
        if message.code:
            code = [{"type": "text", "text": message.code}]
            name = settings.WHATSAPP_CODE_TEMPLATE
            components = [
                {"type": "body", "parameters": code},
                {"type": "button", "sub_type": "url", "index": "0", "parameters": code},
            ]
        else:
            texts = [message.title, message.body, message.link or "-"]
            name = self.template
            parameters = [
                {"type": "text", "text": template_parameter(t)} for t in texts
            ]
            components = [{"type": "body", "parameters": parameters}]
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.to.lstrip("+"),
            "type": "template",
            "biz_opaque_callback_data": message.reference,
            "template": {
                "name": name,
                "language": {"code": message.language},
                "components": components,
            },
        }

    def send(self, message: OutgoingMessage) -> str:
        status, body, response = _post_json(
            self.endpoint, token=self.token, payload=self.payload(message)
        )
        if status >= 400:
            error = body.get("error") if isinstance(body.get("error"), dict) else {}
            text = f"HTTP {status}: {error.get('message') or response.text[:300]}"
            if error.get("code") in RATE_LIMIT_CODES:
                raise TransientError(text)
            raise PermanentError(text)
        try:
            return str(body["messages"][0]["id"])
        except (KeyError, IndexError, TypeError):
            return ""
