"""Exports that hold a person's NIK in full: who may run them, and the audit
records each one leaves (UU 27/2022: processing of personal data is accountable)."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext

from audit.models import PersonalDataAccess
from audit.services import personal_data_access_record


def may_export_nik(user) -> bool:
    """Only the province's agency staff take NIKs out of the portal."""
    return bool(user and user.is_authenticated and user.is_agency_staff)


@transaction.atomic
def record_nik_export(
    *, user, model, rows: int, file_format: str, request=None
) -> LogEntry:
    """Per export one personal data access record (who, from where) and one admin
    log entry: what, how many rows, which format. Never the NIKs themselves."""
    personal_data_access_record(
        action=PersonalDataAccess.Action.EXPORT,
        request=request,
        user=user,
        export_kind=model._meta.label_lower,
        rows=rows,
        file_format=file_format,
    )
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


def nik_reencrypt(batch: int = 5000) -> int:
    """Every person's NIK (and its historical copies) re-encrypted with the first
    NIK_ENCRYPTION_KEY, in batches: run after putting a new key first, then the
    old key can be dropped. Hashes are unchanged. Returns the rows rewritten."""
    from django.db import connection, transaction

    from ..nik_crypto import decrypt_nik, encrypt_nik

    done = 0
    for table, key in (
        ("cooperatives_person", "id"),
        ("cooperatives_historicalperson", "history_id"),
    ):
        last = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    # An anonymised person's is empty: nothing to re-encrypt.
                    f"SELECT {key}, nik_encrypted FROM {table} "  # noqa: S608 our names
                    f"WHERE {key} > %s AND length(nik_encrypted) > 0 "
                    f"ORDER BY {key} LIMIT %s FOR UPDATE",
                    [last, batch],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                cursor.executemany(
                    f"UPDATE {table} SET nik_encrypted = %s WHERE {key} = %s",  # noqa: S608
                    [(encrypt_nik(decrypt_nik(token)), pk) for pk, token in rows],
                )
            done += len(rows)
            last = rows[-1][0]
    return done
