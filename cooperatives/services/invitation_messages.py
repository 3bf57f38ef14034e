"""What an invitation says and how it goes out: to the email address, or to the
phone by WhatsApp (when `WHATSAPP_URL` is set) or SMS (`SMS_URL`), the link in
the message either way. Also the short phone notes answering a request for
access.

A single invitation (and a re-send) goes out after its transaction commits,
from the request: the link is shown once and never kept. A failure marks the
invitation `failed` with the provider's words; staff re-send it. Bulk
invitations are queued instead and sent by a Celery task (`invitation_send`)."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.channels import (
    OutgoingMessage,
    ProviderError,
    backend_for,
    phone_channel,
)

from ..models import Invitation

logger = logging.getLogger(__name__)


def _target(invitation: Invitation) -> str:
    if invitation.kind == Invitation.Kind.OFFICER:
        return _("pengurus %(cooperative)s") % {
            "cooperative": invitation.cooperative.name
        }
    return _("staf dinas %(district)s") % {"district": invitation.district.name}


def _expires(invitation: Invitation) -> str:
    return date_format(timezone.localtime(invitation.expires_at), "j F Y, H:i")


def _email(invitation: Invitation, link: str) -> None:
    with translation.override(invitation.language):
        body = _(
            "Yth. %(name)s,\n\n"
            "Anda diundang membuka akun Portal KUKM Kalimantan Timur sebagai "
            "%(target)s.\n\n"
            "Buka tautan berikut untuk membuat kata sandi Anda. Tautan ini hanya "
            "dapat dipakai sekali dan berlaku sampai %(expires)s WITA:\n%(link)s\n\n"
            "Jika Anda tidak merasa diundang, abaikan surel ini."
        ) % {
            "name": invitation.name or invitation.email,
            "target": _target(invitation),
            "expires": _expires(invitation),
            "link": link,
        }
        subject = _("Undangan akun Portal KUKM Kalimantan Timur")
    send_mail(subject, body, None, [invitation.email])


def invitation_phone_message(invitation: Invitation, link: str) -> OutgoingMessage:
    with translation.override(invitation.language):
        return OutgoingMessage(
            to=invitation.phone,
            reference=f"kukm-invitation-{invitation.pk}-"
            f"{int(invitation.sent_at.timestamp())}",
            language=invitation.language,
            title=_("Undangan akun Portal KUKM Kalimantan Timur"),
            body=_(
                "Anda diundang sebagai %(target)s. Buka tautan untuk membuat kata "
                "sandi; masuk dengan nomor HP ini. Berlaku sampai %(expires)s WITA."
            )
            % {"target": _target(invitation), "expires": _expires(invitation)},
            link=link,
        )


def invitation_deliver(invitation: Invitation, link: str) -> None:
    """Send now; raises the channel's ProviderError (or OSError for email)."""
    if invitation.channel == Invitation.Channel.EMAIL:
        _email(invitation, link)
    else:
        backend_for(invitation.channel).send(invitation_phone_message(invitation, link))


def invitation_failed(invitation_id: int, error: Exception) -> None:
    Invitation.objects.filter(pk=invitation_id).update(
        sending=Invitation.Sending.FAILED, sending_error=str(error)[:2000]
    )


def invitation_deliver_after_commit(invitation: Invitation, link: str) -> None:
    def deliver():
        try:
            invitation_deliver(invitation, link)
        except (ProviderError, OSError, LookupError) as error:
            logger.warning("invitation %s not sent: %s", invitation.pk, error)
            invitation_failed(invitation.pk, error)

    transaction.on_commit(deliver)


def phone_note_after_commit(
    *, number: str, reference: str, language: str, title: str, body: str
) -> None:
    """A short message to a phone that has no account (the answer to a request
    for access), by the configured phone channel; nothing when none is. A
    failure is logged: the email carries the same answer."""
    channel = phone_channel()
    if not (channel and number):
        return
    message = OutgoingMessage(
        to=number, reference=reference, language=language, title=title, body=body
    )

    def send():
        try:
            backend_for(channel).send(message)
        except ProviderError as error:
            logger.warning("phone note %s not sent: %s", reference, error)

    transaction.on_commit(send)
