"""Amounts and rates in the admin as Indonesians write them (core.numbers)."""

import functools

from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from ..forms import RupiahField
from ..numbers import format_number, format_rupiah


def is_money(field) -> bool:
    """Our amounts: DecimalField(max_digits=18, decimal_places=2); rates and
    other decimals are smaller."""
    return (
        isinstance(field, models.DecimalField)
        and field.decimal_places == 2
        and field.max_digits >= 15
    )


@functools.cache
def number_display(model, name: str):
    """A list_display / readonly_fields entry for a decimal field of `model`, as
    people read it: an amount `Rp1.250.000`, a rate `6,00` (core.numbers). One
    function per field, so `fields` and `readonly_fields` name the same one."""
    field = model._meta.get_field(name)
    money = is_money(field)

    @admin.display(description=field.verbose_name, ordering=name)
    def show(obj):
        value = getattr(obj, name)
        if value is None:
            return "—"
        text = (
            format_rupiah(value)
            if money
            else format_number(value, places=field.decimal_places)
        )
        return format_html('<span class="kukm-number">{}</span>', text)

    show.__name__ = name  # the column keeps its CSS class, field-<name>
    return show


def numbers_displayed(model, names):
    """`names` with every decimal field of `model` shown by `number_display`."""
    decimals = {
        f.name for f in model._meta.fields if isinstance(f, models.DecimalField)
    }
    return tuple(
        number_display(model, name)
        if isinstance(name, str) and name in decimals
        else name
        for name in names
    )


class NumbersAdminMixin:
    """Amounts typed and shown as `1.250.000` (whole rupiah, no `,00`), rates as
    `6,00`; both read back as typed (core.forms.RupiahField). Columns of
    `number_display` align to the right (css/admin.css)."""

    class Media:
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_money(db_field):
            kwargs.setdefault("form_class", RupiahField)
            kwargs.setdefault("allow_negative", True)  # the model's validators decide
            return db_field.formfield(**kwargs)
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("localize", True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
