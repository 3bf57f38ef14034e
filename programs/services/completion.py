"""Attendance, evaluation and certificates.

A confirmed participant completes when present at no less than
`completion_rule_percent` of the program's sessions (default 80: 4 of 5 completes,
3 of 5 does not); otherwise they are a no-show. A completed participant gets a
certificate: a number `{seq}/{CODE}/UPTD-PKUKM/{roman month}/{year}` unique per
program, and an unguessable code for the public verification page."""

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.history import history_note

from ..models import Attendance, Enrolment, Program, Session
from .notices import enrolment_notify
from .seats import lock_program

ROMAN_MONTHS = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
)
ISSUER = "UPTD-PKUKM"
RECORDING = (Program.Status.PUBLISHED, Program.Status.ONGOING)


def certificate_number(*, seq: int, program_code: str, on: datetime.date) -> str:
    return f"{seq:03d}/{program_code}/{ISSUER}/{ROMAN_MONTHS[on.month - 1]}/{on.year}"


def meets_rule(*, attended: int, sessions: int, percent: int) -> bool:
    # Integers only: 4 of 5 is exactly 80%, with no float rounding at the boundary.
    return sessions > 0 and attended * 100 >= percent * sessions


@transaction.atomic
def attendance_record(
    *,
    session_id: int,
    present_ids: Iterable[int],
    by,
    today: datetime.date | None = None,
) -> int:
    """Record a whole session at once: the participants in `present_ids` were
    there, every other confirmed participant was not. Returns how many were.
    Only a session that has begun (its day in WITA is today or earlier) has an
    attendance to record."""
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        raise ValidationError(_("Sesi tidak ditemukan."))
    today = today or timezone.localdate()
    if timezone.localtime(session.starts_at).date() > today:
        raise ValidationError(
            {
                "session": _(
                    "Kehadiran belum dapat dicatat: sesi ini baru dimulai %(date)s."
                )
                % {
                    "date": date_format(
                        timezone.localtime(session.starts_at).date(), "j F Y"
                    )
                }
            }
        )
    program = lock_program(session.program_id)
    if program.status not in RECORDING:
        raise ValidationError(
            _(
                "Kehadiran hanya dapat dicatat untuk program yang diumumkan atau berlangsung."
            )
        )
    participants = set(
        program.enrolments.filter(status=Enrolment.Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    present = {int(pk) for pk in present_ids}
    if present - participants:
        raise ValidationError(
            {
                "present": _(
                    "Hanya peserta terdaftar program ini yang dapat dicatat hadir."
                )
            }
        )
    existing = {
        row.enrolment_id: row
        for row in Attendance.objects.select_for_update().filter(
            session=session, enrolment_id__in=participants
        )
    }
    for enrolment_id in sorted(participants):
        row = existing.get(enrolment_id) or Attendance(
            session=session, enrolment_id=enrolment_id
        )
        was_present = row.present if row.pk else None
        row.present = enrolment_id in present
        if row.present != was_present:
            row.recorded_by = by
            history_note(row, by=by)
            row.save()
    return len(present)


def _attended(enrolment: Enrolment) -> int:
    return enrolment.attendances.filter(present=True).count()


def _issue(
    program: Program, enrolment: Enrolment, today: datetime.date, by=None
) -> Enrolment:
    """Give a completed participant their certificate (the caller holds the
    program lock, so the sequence is free of races)."""
    if enrolment.certificate_code:
        return enrolment
    last = program.enrolments.aggregate(last=Max("certificate_seq"))["last"] or 0
    enrolment.certificate_seq = last + 1
    enrolment.certificate_number = certificate_number(
        seq=enrolment.certificate_seq, program_code=program.code, on=today
    )
    enrolment.certificate_code = secrets.token_urlsafe(16)
    enrolment.certificate_issued_on = today
    history_note(enrolment, reason="certificate issued", by=by)
    enrolment.save()
    enrolment_notify(
        enrolment,
        kind="certificate_issued",
        title=lambda: _("Sertifikat %(title)s terbit") % {"title": program.title},
        body=lambda: (
            _(
                "%(name)s lulus %(title)s. Nomor sertifikat: %(number)s. Sertifikat "
                "dapat diperiksa siapa saja di tautan berikut."
            )
            % {
                "name": enrolment.participant_name,
                "title": program.title,
                "number": enrolment.certificate_number,
            }
        ),
        link=f"/certificates/{enrolment.certificate_code}/",
    )
    return enrolment


def _evaluate(
    program: Program, enrolment: Enrolment, sessions: int, today, by=None
) -> None:
    completed = meets_rule(
        attended=_attended(enrolment),
        sessions=sessions,
        percent=program.completion_rule_percent,
    )
    enrolment.status = (
        Enrolment.Status.COMPLETED if completed else Enrolment.Status.NO_SHOW
    )
    history_note(enrolment, reason="evaluate", by=by)
    enrolment.save()
    if completed:
        _issue(program, enrolment, today, by)


def _require_ended(program: Program, today: datetime.date) -> int:
    sessions = program.sessions.count()
    if not sessions:
        raise ValidationError(_("Program ini belum memiliki sesi."))
    if today < program.ends_on:
        raise ValidationError(
            _("Program belum berakhir; peserta dapat dinilai mulai %(date)s.")
            % {"date": date_format(program.ends_on, "j F Y")}
        )
    return sessions


@transaction.atomic
def program_complete(*, program_id: int, by, today=None) -> Program:
    """Close the program: evaluate every confirmed participant, issue certificates
    to those who completed, and release the waitlist."""
    today = today or timezone.localdate()
    program = lock_program(program_id)
    if program.status not in RECORDING:
        raise ValidationError(
            _("Hanya program yang diumumkan atau berlangsung yang dapat diselesaikan.")
        )
    sessions = _require_ended(program, today)
    confirmed = program.enrolments.filter(
        status=Enrolment.Status.CONFIRMED
    ).select_related("person", "program")
    for enrolment in confirmed.select_for_update(of=("self",)).order_by("pk"):
        _evaluate(program, enrolment, sessions, today, by)
    for enrolment in program.enrolments.waitlist().select_for_update():
        enrolment.status = Enrolment.Status.CANCELLED
        enrolment.cancel_reason = _("Program selesai sebelum ada kursi kosong.")
        history_note(enrolment, reason="program completed", by=by)
        enrolment.save()
    program.status = Program.Status.COMPLETED
    history_note(program, reason="complete", by=by)
    program.save()
    return program


@transaction.atomic
def enrolment_evaluate(*, enrolment_id: int, by, today=None) -> Enrolment:
    """Evaluate one participant (again, after attendance was corrected)."""
    today = today or timezone.localdate()
    program_id = (
        Enrolment.objects.filter(pk=enrolment_id)
        .values_list("program_id", flat=True)
        .first()
    )
    if program_id is None:
        raise ValidationError(_("Peserta tidak ditemukan."))
    program = lock_program(program_id)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("person", "program")
        .get(pk=enrolment_id)
    )
    if enrolment.status not in (Enrolment.Status.CONFIRMED, Enrolment.Status.NO_SHOW):
        raise ValidationError(
            _("Hanya peserta terdaftar yang belum lulus yang dapat dinilai.")
        )
    if program.status not in (*RECORDING, Program.Status.COMPLETED):
        raise ValidationError(_("Program ini belum diumumkan atau sudah dibatalkan."))
    _evaluate(program, enrolment, _require_ended(program, today), today, by)
    return enrolment


@transaction.atomic
def enrolment_certificate_issue(*, enrolment_id: int, by, today=None) -> Enrolment:
    program_id = (
        Enrolment.objects.filter(pk=enrolment_id)
        .values_list("program_id", flat=True)
        .first()
    )
    if program_id is None:
        raise ValidationError(_("Peserta tidak ditemukan."))
    program = lock_program(program_id)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("person", "program")
        .get(pk=enrolment_id)
    )
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError(_("Sertifikat hanya untuk peserta yang lulus."))
    return _issue(program, enrolment, today or timezone.localdate(), by)


@transaction.atomic
def certificates_issue(*, program_id: int, by, today=None) -> int:
    """Issue the missing certificates of a program's completed participants."""
    program = lock_program(program_id)
    pending = (
        program.enrolments.filter(
            status=Enrolment.Status.COMPLETED, certificate_code__isnull=True
        )
        .select_related("person", "program")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    issued = 0
    for enrolment in pending:
        _issue(program, enrolment, today or timezone.localdate(), by)
        issued += 1
    return issued
