from django import template

from core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ report.own_capital|rupiah }} → Rp1.250.000"""
    return format_rupiah(amount)
