"""A user's phone number for WhatsApp/SMS: verified with a one-time code before
anything is sent to it, and an opt-out honoured from the next message on.

(no number) → code sent → verified; a new number starts again unverified.
A code: six digits, valid 10 minutes, one a minute at most, five wrong tries."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.phone import normalize_phone, validate_phone

from .channels import OutgoingMessage, ProviderError, backend_for, phone_channel
from .models import PhoneNumber

CODE_VALID = datetime.timedelta(minutes=10)
CODE_INTERVAL = datetime.timedelta(minutes=1)
CODE_MAX_ATTEMPTS = 5


def _code_hash(user_id: int, number: str, code: str) -> str:
    message = f"{user_id}:{number}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def phone_verification_start(*, user, number: str) -> PhoneNumber:
    """Save the number (unverified if it is new) and send it a code."""
    channel = phone_channel()
    if channel is None:
        raise ValidationError(_("Pesan WhatsApp dan SMS belum tersedia."))
    number = normalize_phone(number)
    try:
        validate_phone(number)
    except ValidationError as error:
        raise ValidationError({"number": error.messages}) from error
    now = timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        phone, _created = PhoneNumber.objects.select_for_update().get_or_create(
            user=user, defaults={"number": number}
        )
        if phone.code_sent_at and now - phone.code_sent_at < CODE_INTERVAL:
            raise ValidationError(
                {"number": _("Kode baru dapat diminta satu menit lagi.")}
            )
        if phone.number != number:
            phone.number, phone.verified_at = number, None
        phone.code_hash = _code_hash(user.pk, number, code)
        phone.code_sent_at, phone.code_attempts = now, 0
        phone.save()
    message = OutgoingMessage(
        to=number,
        reference=f"kukm-code-{user.pk}-{int(now.timestamp())}",
        language=user.language,
        title=_("Kode verifikasi Portal KUKM"),
        body=_("Kode Anda %(code)s, berlaku 10 menit. Jangan berikan kepada siapa pun.")
        % {"code": code},
        code=code,
    )
    try:
        backend_for(channel).send(message)
    except ProviderError as error:
        raise ValidationError(
            {"number": _("Kode tidak dapat dikirim ke nomor ini. Coba lagi nanti.")}
        ) from error
    return phone


def phone_verification_confirm(*, user, code: str) -> PhoneNumber:
    """Mark the number verified when the code is right; a wrong one counts."""
    code = "".join(code.split())
    now = timezone.now()
    with transaction.atomic():
        phone = PhoneNumber.objects.select_for_update().filter(user=user).first()
        if phone is None or not phone.code_hash:
            error = _("Minta kode terlebih dahulu.")
        elif now - phone.code_sent_at > CODE_VALID:
            error = _("Kode sudah kedaluwarsa. Minta kode baru.")
        elif phone.code_attempts >= CODE_MAX_ATTEMPTS:
            error = _("Terlalu banyak percobaan. Minta kode baru.")
        elif hmac.compare_digest(
            phone.code_hash, _code_hash(user.pk, phone.number, code)
        ):
            phone.verified_at, phone.code_hash = now, ""
            phone.save(update_fields=["verified_at", "code_hash"])
            return phone
        else:
            phone.code_attempts += 1
            phone.save(update_fields=["code_attempts"])
            error = _("Kode salah. Periksa lalu coba lagi.")
    raise ValidationError({"code": error})


@transaction.atomic
def phone_messages_set(*, user, receive: bool) -> PhoneNumber:
    """Opt in or out of WhatsApp/SMS; the next message follows it."""
    phone = PhoneNumber.objects.select_for_update().filter(user=user).first()
    if phone is None:
        raise ValidationError(_("Belum ada nomor HP."))
    phone.opted_out_at = None if receive else (phone.opted_out_at or timezone.now())
    phone.save(update_fields=["opted_out_at"])
    return phone
