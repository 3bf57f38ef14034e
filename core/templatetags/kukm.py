"""The template side of `core.numbers`: every page writes numbers through these."""

from decimal import Decimal

from django import template

from core.dates import date_range as date_range_text
from core.numbers import format_number, format_percent, format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ report.own_capital|rupiah }} → Rp1.250.000, [U+2212]Rp7.893"""
    return format_rupiah(amount)


@register.filter
def rupiah_change(amount):
    """{{ delta|rupiah_change }} → +Rp500.000, [U+2212]Rp7.893, ±Rp0"""
    return format_rupiah(amount, signed=True)


@register.filter
def number(value, places=0):
    """{{ count|number }} → 1.234; {{ rate|number:2 }} → 6,00; anything that is
    not a number (text, a yes/no) is left as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return format_number(value, places=int(places))


@register.filter
def change(value):
    """{{ delta|change }} → +12, [U+2212]7.893, ±0"""
    return format_number(value, signed=True)


@register.filter
def percent(value, places=1):
    """{{ share|percent }} → 12,5% (the value is already in percent)"""
    return format_percent(value, places=int(places))


@register.filter
def share(value, places=0):
    """{{ row.share|share }}: a fraction of one as percent, 0.125 → 13%"""
    return format_percent(value, places=int(places), ratio=True)


@register.filter
def rate(value):
    """{{ loan.late_fee_rate|rate }} → 0,01 (a Decimal without trailing zeros,
    in the locale's format; 20.000 → 20)."""
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    return format_number(value, places=max(0, -value.as_tuple().exponent))


@register.simple_tag
def date_range(start, end):
    """{% date_range program.starts_on program.ends_on %} → 4 Juli 2023 s.d.
    6 Juli 2023 (English: 4 July 2023 to 6 July 2023); no end: "sekarang"."""
    return date_range_text(start, end)
