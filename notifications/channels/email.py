"""Email through Django's email backend (`EMAIL_URL`). The reference is the
message's Message-ID, so a copy sent again after a crash is the same message to
mail systems and readers (RFC 5322 3.6.4)."""

from django.core.mail import EmailMessage

from .base import ChannelBackend, OutgoingMessage


class EmailChannel(ChannelBackend):
    channel = "email"

    def send(self, message: OutgoingMessage) -> str:
        body = message.body + (f"\n\n{message.link}" if message.link else "")
        EmailMessage(
            message.title,
            body,
            None,
            [message.to],
            headers={"Message-ID": message.reference},
        ).send()
        return message.reference
