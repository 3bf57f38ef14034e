"""The channels a notification goes out on, behind one interface: a backend's
`send(message)` returns the provider's id for the message or raises one of the
`base` errors (permanent, transient with a wait, uncertain).

- email: Django's email backend (`EMAIL_URL`), `email.EmailChannel`;
- WhatsApp: the WhatsApp Business Cloud API (`WHATSAPP_URL`), `whatsapp`;
- SMS: an HTTP gateway (`SMS_URL`), `sms`;
- `console://` and `file://` stand-ins for either phone channel (`dev`).

A channel whose URL is not set is not offered. Each notification goes to one
phone channel: WhatsApp when it is configured, SMS otherwise (people read
WhatsApp; SMS is the fallback where there is no WhatsApp account)."""

from django.conf import settings

from ..models import Channel
from .base import (
    ChannelBackend,
    OutgoingMessage,
    PermanentError,
    ProviderError,
    TransientError,
    UncertainError,
)
from .dev import ConsoleBackend, FileBackend
from .email import EmailChannel
from .sms import SmsGatewayBackend
from .whatsapp import WhatsAppCloudBackend

__all__ = [
    "ChannelBackend",
    "OutgoingMessage",
    "PermanentError",
    "ProviderError",
    "TransientError",
    "UncertainError",
    "backend_for",
    "phone_channel",
]


def _config(channel: str) -> dict | None:
    return {Channel.WHATSAPP: settings.WHATSAPP, Channel.SMS: settings.SMS}.get(channel)


def phone_channel() -> str | None:
    """The phone channel messages go out on, if any is configured."""
    for channel in (Channel.WHATSAPP, Channel.SMS):
        if _config(channel):
            return channel.value
    return None


def backend_for(channel: str) -> ChannelBackend:
    if channel == Channel.EMAIL:
        return EmailChannel()
    config = _config(channel)
    if not config:
        raise LookupError(f"channel {channel} is not configured")
    if config["backend"] == "console":
        return ConsoleBackend(channel)
    if config["backend"] == "file":
        return FileBackend(channel, config["path"])
    http = {Channel.WHATSAPP: WhatsAppCloudBackend, Channel.SMS: SmsGatewayBackend}
    return http[channel](endpoint=config["endpoint"], token=config["token"])
