"""Indonesian phone numbers, stored in E.164 (`+6281234567890`): how a typed number
is normalised and what a stored one must look like. Shared by the model field,
the API's serializer field and the portal's forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"\+62[1-9][0-9]{7,11}")


def validate_phone(value: str) -> None:
    # After +62 comes the number without its trunk 0: `+620812…` is a typo, not a
    # number. 8-12 digits cover landlines (`+62541…`) and mobiles (`+62812…`).
    if not _PHONE.fullmatch(value or ""):
        raise ValidationError(
            _("Masukkan nomor telepon Indonesia, misalnya 081234567890."),
            code="invalid",
        )


def normalize_phone(value: str) -> str:
    """Accept 08…, 628…, +628… and 00628… (spaces and dashes allowed); store E.164."""
    raw = re.sub(r"[\s\-().]", "", value or "")
    if raw.startswith("0062"):  # international prefix dialled from Indonesia
        raw = raw[2:]
    if raw.startswith("+"):
        return raw
    if raw.startswith("62"):
        return "+" + raw
    if raw.startswith("0"):
        return "+62" + raw[1:]
    return raw
