"""Officers invited in bulk from a CSV file: one row per person, columns
nik_koperasi, nama, nik, surel, no_hp, peran, and optionally bahasa (`id` or
`en`: the message's language; the uploader's language when empty). A dry run checks every row and
sends nothing; otherwise the file is all or nothing (one bad row: nothing is sent,
every bad row is reported). A cooperative outside the caller's scope is reported
exactly as one that does not exist.

Each row's link goes to its email address, or to its phone number (WhatsApp or
SMS, when configured) when it has no email; `prefer_phone` sends to the phone
whenever the row has one. The invitations are queued under one batch and sent by
Celery tasks (`invitations_queue`); the batch's page shows the progress."""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import Scope

from ..models import Cooperative, CooperativeRole, Invitation
from .invitations import invitation_create
from .invitations_queue import invitation_queue_publish
from .members_import import _read_rows

COLUMNS = ("nik_koperasi", "nama", "nik", "surel", "no_hp", "peran", "bahasa")
# English headers are accepted as well.
HEADER_ALIASES = {
    "cooperative_nik": "nik_koperasi",
    "name": "nama",
    "email": "surel",
    "phone": "no_hp",
    "role": "peran",
    "language": "bahasa",
}
# The `peran` column: an officer (pengurus), optionally with a position.
POSITION_OF = {
    "": "",
    "pengurus": "",
    "officer": "",
    "ketua": CooperativeRole.Position.CHAIR,
    "chair": CooperativeRole.Position.CHAIR,
    "sekretaris": CooperativeRole.Position.SECRETARY,
    "secretary": CooperativeRole.Position.SECRETARY,
    "bendahara": CooperativeRole.Position.TREASURER,
    "treasurer": CooperativeRole.Position.TREASURER,
}
COLUMN_OF = {
    "email": "surel",
    "name": "nama",
    "phone": "no_hp",
    "position": "peran",
    "channel": "no_hp",
    "language": "bahasa",
}


class _DryRun(Exception):
    """Rolls a checked file back."""


@dataclass
class InvitationsImportResult:
    rows: int = 0
    invited: int = 0
    dry_run: bool = False
    batch: uuid.UUID | None = None
    errors: list[tuple[int, str, str]] = field(default_factory=list)


def _row_errors(line: int, error: ValidationError) -> list[tuple[int, str, str]]:
    if not hasattr(error, "error_dict"):
        return [(line, "", message) for message in error.messages]
    return [
        (line, COLUMN_OF.get(key, key if key in COLUMNS else ""), message)
        for key, messages in error.message_dict.items()
        for message in messages
    ]


def invitations_import_csv(
    *, file, scope: Scope, by=None, dry_run: bool = False, prefer_phone: bool = False
) -> InvitationsImportResult:
    rows = [
        {HEADER_ALIASES.get(k, k): v for k, v in row.items()}
        for row in _read_rows(file)
    ]
    missing = [c for c in ("nik_koperasi",) if c not in rows[0]]
    if "surel" not in rows[0] and "no_hp" not in rows[0]:
        missing.append("surel")
    if missing:
        raise ValidationError(
            {
                "file": _("Kolom wajib tidak ada: %(columns)s.")
                % {"columns": ", ".join(missing)}
            }
        )
    result = InvitationsImportResult(
        rows=len(rows), dry_run=dry_run, batch=uuid.uuid4()
    )
    cooperatives = dict(
        Cooperative.objects.restrict(scope)
        .filter(nik__in={row.get("nik_koperasi", "") for row in rows})
        .values_list("nik", "pk")
    )
    try:
        with transaction.atomic():
            for line, row in enumerate(rows, start=2):
                errors = _invite_row(
                    line, row, cooperatives, scope, by, result.batch, prefer_phone
                )
                result.errors += errors
            result.invited = result.rows - len({e[0] for e in result.errors})
            if dry_run or result.errors:
                raise _DryRun
            invitation_queue_publish(
                list(
                    Invitation.objects.filter(batch=result.batch).values_list(
                        "pk", flat=True
                    )
                )
            )
    except _DryRun:
        result.batch = None
        if result.errors:
            result.invited = 0
    return result


def _invite_row(
    line, row, cooperatives, scope, by, batch, prefer_phone
) -> list[tuple[int, str, str]]:
    cooperative_id = cooperatives.get(row.get("nik_koperasi", ""))
    if cooperative_id is None:
        return [
            (
                line,
                "nik_koperasi",
                _("Koperasi dengan NIK koperasi ini tidak ada di wilayah Anda."),
            )
        ]
    position = POSITION_OF.get(row.get("peran", "").lower())
    if position is None:
        return [
            (
                line,
                "peran",
                _("Isi peran dengan pengurus, ketua, sekretaris atau bendahara."),
            )
        ]
    try:
        with transaction.atomic():
            invitation_create(
                kind=Invitation.Kind.OFFICER,
                email=row.get("surel", ""),
                scope=scope,
                by=by,
                cooperative_id=cooperative_id,
                name=row.get("nama", ""),
                nik=row.get("nik", ""),
                phone=row.get("no_hp", ""),
                position=position,
                language=row.get("bahasa", "").strip().lower() or None,
                channel="phone" if prefer_phone and row.get("no_hp") else None,
                batch=batch,
            )
    except ValidationError as error:
        return _row_errors(line, error)
    return []
