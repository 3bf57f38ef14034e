"""Exports that hold a person's NIK in full: who may run them, and the audit
record each one leaves (UU 27/2022: processing of personal data is accountable)."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext


def may_export_nik(user) -> bool:
    """Only the province's agency staff take NIKs out of the portal."""
    return bool(user and user.is_authenticated and user.is_agency_staff)


def record_nik_export(*, user, model, rows: int, file_format: str) -> LogEntry:
    """One admin log entry per export: who, when, what, how many rows, which format.
    Never the NIKs themselves."""
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(model),
        object_id=None,
        object_repr=gettext("Ekspor dengan NIK lengkap")[:200],
        action_flag=CHANGE,
        change_message=gettext(
            "Ekspor %(rows)s baris %(model)s dengan NIK lengkap (%(format)s)."
        )
        % {
            "rows": rows,
            "model": model._meta.verbose_name_plural,
            "format": file_format,
        },
    )
