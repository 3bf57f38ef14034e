from decimal import Decimal

from django import template
from django.utils.formats import number_format

from core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ report.own_capital|rupiah }} → Rp1.250.000"""
    return format_rupiah(amount)


@register.filter
def rate(value):
    """{{ loan.late_fee_rate|rate }} → 0,01 (a Decimal without trailing zeros,
    in the locale's format; 20.000 → 20)."""
    if value is None or value == "":
        return ""
    return number_format(Decimal(format(Decimal(value).normalize(), "f")))
