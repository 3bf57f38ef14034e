"""Rupiah the Indonesian way: shown `Rp1.250.000`, typed `1.250.000`, `Rp 1.250.000`
or `1250000` (domain.md 7.1, UI.md)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_ALLOWED = re.compile(r"^-?\d+(,\d{1,2})?$")


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


def parse_rupiah(text: str) -> Decimal | None:
    """`Rp 1.250.000`, `1.250.000`, `1250000`, `-15.000.000` or `1.250.000,50` → Decimal;
    None when it is not an amount."""
    cleaned = re.sub(r"(?i)\s|rp\.?", "", text or "").replace(".", "")
    if not cleaned or not _ALLOWED.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
