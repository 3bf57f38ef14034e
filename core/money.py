"""Rupiah the Indonesian way: shown `Rp1.250.000`, typed `1.250.000`, `Rp 1.250.000`
or `1250000` (domain.md 7.1, UI.md)."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal


def format_rupiah(amount, *, decimals: bool = False) -> str:
    if amount is None or amount == "":
        return ""
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = (
        value.quantize(Decimal(1), rounding=ROUND_HALF_UP) if not decimals else value
    )
    integer = int(whole)
    grouped = f"{integer:,}".replace(",", ".")
    if decimals:
        cents = f"{value:.2f}".split(".")[1]
        return f"{sign}Rp{grouped},{cents}"
    return f"{sign}Rp{grouped}"


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
    `-15.000.000` or `1.250.000,50` → Decimal; None when it is not an amount, or is
    ambiguous (`1250000.00`, `1,250,000.5`, `1.250.000,5`, `12.50`)."""
    # Fullwidth digits and a non-breaking space (pasted text) read as their plain forms.
    match = _TYPED.fullmatch(unicodedata.normalize("NFKC", text or "").strip())
    if match is None or (match["sign"] and match["sign_after"]):
        return None
    sen = match["sen"] if match["sen"] not in (None, "-") else "00"
    sign = "-" if match["sign"] or match["sign_after"] else ""
    return Decimal(f"{sign}{match['whole'].replace('.', '')}.{sen}")
