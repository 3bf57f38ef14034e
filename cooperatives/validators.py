"""Format rules for the registry's identifiers (domain.md section 0 and 3.4).

Messages tell the user how to fix the value, in Indonesian.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Phone numbers are not the registry's own: their rules live in core.phone.
from core.phone import normalize_phone, validate_phone  # noqa: F401

# ASCII digits only, matched in full: `\d` also takes other scripts' digits and `$`
# lets a trailing newline through.
_DIGITS = re.compile(r"[0-9]+")


def _digits(value: str, length: int, message) -> None:
    # isdigit() alone takes other scripts' digits: with isascii(), 0-9 only
    # (what _DIGITS matches, at a fifth of the cost: imports call this a lot).
    if (
        not isinstance(value, str)
        or len(value) != length
        or not (value.isascii() and value.isdigit())
    ):
        raise ValidationError(message, code="invalid")


# Made once (a lazy message is translated when shown): an import validates
# hundreds of thousands of values.
COOPERATIVE_NIK_MESSAGE = _("Masukkan Nomor Induk Koperasi 16 digit angka.")
NIB_MESSAGE = _("Masukkan NIB 13 digit angka.")
KBLI_MESSAGE = _("Masukkan kode KBLI 5 digit angka.")
POSTAL_CODE_MESSAGE = _("Masukkan kode pos 5 digit angka.")
PERSON_NIK_MESSAGE = _("Masukkan NIK 16 digit angka.")


def validate_cooperative_nik(value: str) -> None:
    _digits(value, 16, COOPERATIVE_NIK_MESSAGE)


def validate_nib(value: str) -> None:
    _digits(value, 13, NIB_MESSAGE)


def validate_kbli(value: str) -> None:
    _digits(value, 5, KBLI_MESSAGE)


def validate_postal_code(value: str) -> None:
    _digits(value, 5, POSTAL_CODE_MESSAGE)


def validate_person_nik(value: str) -> None:
    """16 digits PPKKCC DDMMYY NNNN: month 01-12, day 01-31 (41-71 for women)."""
    _digits(value, 16, PERSON_NIK_MESSAGE)
    day, month = int(value[6:8]), int(value[8:10])
    if day > 40:
        day -= 40
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ValidationError(
            _("NIK tidak valid: bagian tanggal lahir (digit 7-12) tidak sesuai."),
            code="invalid_birth_date",
        )
    if value[12:] == "0000":
        raise ValidationError(
            _("NIK tidak valid: nomor urut (4 digit terakhir) tidak boleh 0000."),
            code="invalid_serial",
        )


def validate_npwp(value: str) -> None:
    _digits(value, 16, _("Masukkan NPWP 15 atau 16 digit angka."))


def normalize_npwp(value: str) -> str:
    """Accept 15 or 16 digits with or without dots and dashes; store 16."""
    digits = re.sub(r"[.\-\s]", "", value or "")
    return "0" + digits if _DIGITS.fullmatch(digits) and len(digits) == 15 else digits


def mask_nik(value: str | None) -> str:
    """`6472********0001`: enough to recognise, not enough to misuse."""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def sub_district_errors(
    district_code: str | None, sub_district_code: str | None
) -> dict:
    """A kecamatan code starts with its district's code (`64.72.03` in `64.72`)."""
    if (
        district_code
        and sub_district_code
        and not sub_district_code.startswith(district_code + ".")
    ):
        return {
            "sub_district": _(
                "Kecamatan ini tidak berada di kabupaten/kota yang dipilih."
            )
        }
    return {}


def address_errors(
    district_code: str | None,
    sub_district_code: str | None,
    village_code: str | None,
) -> dict:
    """The kecamatan within the district, the village within the kecamatan (or,
    without one, within the district): Kemendagri codes nest (`64.72.01.1001`)."""
    errors = sub_district_errors(district_code, sub_district_code)
    if not village_code:
        return errors
    if sub_district_code and not village_code.startswith(sub_district_code + "."):
        errors["village"] = _(
            "Desa/kelurahan ini tidak berada di kecamatan yang dipilih."
        )
    elif district_code and not village_code.startswith(district_code + "."):
        errors["village"] = _(
            "Desa/kelurahan ini tidak berada di kabupaten/kota yang dipilih."
        )
    return errors
