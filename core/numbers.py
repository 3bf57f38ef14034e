"""Numbers as Indonesians write them, for every surface staff and members read
(templates, the admin, PDFs, messages): dots between thousands, a comma before the
decimals, a real minus sign (U+2212) and the rupiah sign stuck to the amount —
`Rp1.250.000`, `[U+2212]7.893`, `6,00%` (domain.md 7.1, UI.md). Typed amounts are read
back as `1.250.000`, `Rp 1.250.000` or `1250000`."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"


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


# Typed rupiah (domain.md 7.1): an optional sign and `Rp`, the whole rupiah either
# as plain digits or grouped by dots in threes, then optionally a comma and exactly
# two digits of sen (or `,-`). Anything else is refused, never guessed: `1250000.00`
# read the Indonesian way would be a hundred times too much.
_TYPED = re.compile(
    r"(?P<sign>-?)\s*(?:rp\.?\s*)?(?P<sign_after>-?)\s*"
    r"(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)"
    r"(?:,(?P<sen>[0-9]{2}|-))?",
    re.IGNORECASE,
)

# What the portal's money fields accept, shown when they refuse an input.
ACCEPTED_FORMS = ("1.250.000", "1250000", "Rp 1.250.000", "Rp1.250.000", "1.250.000,00")


def parse_rupiah(text: str) -> Decimal | None:
    """`1.250.000`, `1250000`, `Rp 1.250.000`, `Rp1.250.000`, `1.250.000,00`,
    `-15.000.000` (or with the real minus sign) or `1.250.000,50` → Decimal; None
    when it is not an amount, or is ambiguous (`1250000.00`, `1,250,000.5`,
    `1.250.000,5`, `12.50`)."""
    # Fullwidth digits and a non-breaking space (pasted text) read as their plain
    # forms; the minus sign `format_rupiah` writes reads as a hyphen.
    typed = unicodedata.normalize("NFKC", text or "").replace(MINUS, "-").strip()
    match = _TYPED.fullmatch(typed)
    if match is None or (match["sign"] and match["sign_after"]):
        return None
    sen = match["sen"] if match["sen"] not in (None, "-") else "00"
    sign = "-" if match["sign"] or match["sign_after"] else ""
    return Decimal(f"{sign}{match['whole'].replace('.', '')}.{sen}")
