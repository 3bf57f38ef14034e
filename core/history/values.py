"""One field's stored value as a person reads it in a change history: a choice by
its label, money as `Rp1.250.000`, a date as `4 Desember 2026`, a time in WITA as
`4 Desember 2026 13.46 WITA`, a yes/no as Ya/Tidak, a related row by its name."""

import datetime
import zoneinfo
from decimal import Decimal

from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from core.numbers import format_rupiah

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
# A decimal with this many digits or more holds rupiah (the models' MONEY);
# fewer digits are rates and percentages (`annual_rate`, max_digits=5).
MONEY_DIGITS = 15
# Stored secrets and keys: that they changed is shown, never what they hold.
SECRET_MARKS = ("hash", "encrypted", "token", "password", "secret")


def format_date(value: datetime.date) -> str:
    return dateformat.format(value, "j F Y")


def format_time(value: datetime.datetime) -> str:
    """`4 Desember 2026 13.46 WITA` (a naive time is taken as WITA already)."""
    if timezone.is_aware(value):
        value = value.astimezone(WITA)
    return dateformat.format(value, "j F Y H.i") + " WITA"


def format_decimal(value: Decimal) -> str:
    text = f"{Decimal(value):,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def is_secret(field: models.Field) -> bool:
    return isinstance(field, models.BinaryField) or any(
        mark in field.name for mark in SECRET_MARKS
    )


def _json(value) -> str:
    if not value and value is not False and value != 0:
        return "—"
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return _("%(count)s butir") % {"count": len(value)}
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    return _plain(value)


def _plain(value) -> str:
    if value is True:
        return _("Ya")
    if value is False:
        return _("Tidak")
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return _json(value)
    return str(value)


def field_value(field: models.Field, value, related: dict) -> str:
    """`related` maps (model, pk) to the related row's name, fetched once a page."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if is_secret(field):
        return _("(tersembunyi)")
    if field.is_relation:
        name = related.get((field.related_model, value))
        return (
            name if name is not None else _("#%(pk)s (sudah dihapus)") % {"pk": value}
        )
    if field.choices:
        labels = dict(field.flatchoices)
        return str(labels.get(value, value))
    if isinstance(field, models.BooleanField):
        return _plain(bool(value))
    if isinstance(field, models.DateTimeField):
        return format_time(value)
    if isinstance(field, models.DateField):
        return format_date(value)
    if isinstance(field, models.DecimalField):
        if (field.max_digits or 0) >= MONEY_DIGITS:
            return format_rupiah(value)
        return format_decimal(value)
    if isinstance(field, models.JSONField):
        return _json(value)
    return _plain(value)
