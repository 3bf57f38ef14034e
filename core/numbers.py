"""Numbers as Indonesians write them, for every surface staff and members read
(templates, the admin, PDFs, messages): dots between thousands, a comma before the
decimals, a real minus sign (U+2212) and the rupiah sign stuck to the amount —
`Rp1.250.000`, `[U+2212]7.893`, `6,00%` (domain.md 7.1, UI.md). Typed amounts are read
back as `1.250.000`, `Rp 1.250.000` or `1250000`."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS = "\u2212"
_ALLOWED = re.compile(r"^-?\d+(,\d{1,2})?$")


def _sign(negative: bool, signed: bool) -> str:
    if negative:
        return MINUS
    return "+" if signed else ""


def _digits(value: Decimal, places: int) -> str:
    """`value` (not negative) rounded half up to `places`, grouped: `1.250.000,50`."""
    step = Decimal(1).scaleb(-places)
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    whole, _dot, decimals = f"{rounded:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{decimals}" if places else grouped


def format_number(value, *, places: int = 0, signed: bool = False) -> str:
    """7893 → `7.893`; -7893 → `[U+2212]7.893`; signed: `+7.893` (a change, `±0` for none);
    places=2: 6 → `6,00`. Empty for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = _digits(abs(number), places)
    if not text.strip("0.,"):  # nothing left after rounding
        return f"±{text}" if signed else text
    return _sign(number < 0, signed) + text


def format_percent(value, *, places: int = 1, ratio: bool = False) -> str:
    """6 → `6,0%`; ratio=True reads 0.06 as six percent."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)) * (100 if ratio else 1)
    return f"{format_number(number, places=places)}%"


def format_rupiah(amount, *, decimals: bool = False, signed: bool = False) -> str:
    """`Rp1.250.000` (whole rupiah, half up), `[U+2212]Rp15.000.000`; decimals=True keeps
    the sen (`Rp1.250.000,50`); signed=True marks a change (`+Rp500.000`)."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    digits = _digits(abs(value), 2 if decimals else 0)
    if not digits.strip("0.,"):  # nothing left after rounding
        return f"±Rp{digits}" if signed else f"Rp{digits}"
    return f"{_sign(value < 0, signed)}Rp{digits}"


def rupiah_input(amount) -> str:
    """What a money text box shows: `1.250.000`, `-15.000.000` (a minus one can
    type), `1.250.000,50` when there are sen; `parse_rupiah` reads it back."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    places = 0 if value == value.to_integral_value() else 2
    return ("-" if value < 0 else "") + _digits(abs(value), places)


def parse_rupiah(text: str) -> Decimal | None:
    """`Rp 1.250.000`, `1.250.000`, `1250000`, `-15.000.000`, `[U+2212]15.000.000` or
    `1.250.000,50` → Decimal (a dot before one or two last digits, as in
    `1250000.00`, is a decimal point); None when it is not an amount."""
    cleaned = re.sub(r"(?i)\s|rp\.?", "", text or "").replace(MINUS, "-")
    if re.match(r"^-?\d+\.\d{1,2}$", cleaned):  # 1250000.00: a decimal point
        cleaned = cleaned.replace(".", ",")
    cleaned = cleaned.replace(".", "")
    if not cleaned or not _ALLOWED.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
