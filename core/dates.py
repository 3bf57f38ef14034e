"""Dates of events that have happened (a founding, a RAT, a visit, a payment): today
is the agency's day in WITA (`TIME_ZONE`, Asia/Makassar), so a date that is still
tomorrow there is refused, whichever interface sends it."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def validate_not_in_future(value: datetime.date | None) -> None:
    """A field validator: it runs in `full_clean()` (services, admin and portal
    model forms) and in the API's model serializers, so the error names the field."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _("Tanggal tidak boleh di masa depan (hari ini %(today)s)."),
            code="future_date",
            params={"today": today.strftime("%d-%m-%Y")},
        )


def date_in_words(value: datetime.date) -> str:
    """A date as people write it in a message: `30 Juni 2026` (the month in
    the active language)."""
    return dateformat.format(value, "j F Y")


def date_range(start: datetime.date, end: datetime.date | None) -> str:
    """`4 Juli 2023 s.d. 6 Juli 2023` as official letters write it, `4 July
    2023 to 6 July 2023` in English; one day once; no end: "sekarang" (now)."""
    if end == start:
        return date_in_words(start)
    return gettext("%(start)s s.d. %(end)s") % {
        "start": date_in_words(start),
        "end": date_in_words(end) if end else gettext("sekarang"),
    }


def month_names() -> list[str]:
    """January … December in the active language (for SQL that writes dates)."""
    return [str(MONTHS[number]) for number in range(1, 13)]
