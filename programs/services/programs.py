"""Announcing, changing, starting and cancelling programs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core.history import history_by, history_note

from ..models import Enrolment, Program
from .notices import enrolment_notify
from .seats import fill_from_waitlist, lock_program, seats_taken

LOCKED_WHEN_CLOSED = (Program.Status.COMPLETED, Program.Status.CANCELLED)


def _check_quota(program: Program) -> None:
    taken = seats_taken(program) if program.pk else 0
    if program.quota is not None and program.quota < taken:
        raise ValidationError(
            {
                "quota": _(
                    "Kuota tidak boleh lebih kecil dari jumlah peserta terdaftar "
                    "(%(count)s)."
                )
                % {"count": taken}
            }
        )


@transaction.atomic
def program_create(*, data: dict, by) -> Program:
    program = Program(**data)
    program.full_clean()
    history_note(program, by=by)
    program.save()
    return program


@transaction.atomic
def program_update(*, program_id: int, data: dict, by) -> Program:
    """Change a program's details. A larger quota lets the waitlist move up."""
    program = lock_program(program_id)
    if program.status in LOCKED_WHEN_CLOSED:
        raise ValidationError(_("Program yang sudah selesai atau dibatalkan terkunci."))
    if "status" in data and data["status"] != program.status:
        raise ValidationError(
            {
                "status": _(
                    "Ubah status dengan tindakan Umumkan, Mulai, Selesai atau Batal."
                )
            }
        )
    for name, value in data.items():
        setattr(program, name, value)
    program.full_clean()
    _check_quota(program)
    history_note(program, by=by)
    program.save()
    fill_from_waitlist(program, by=by)
    return program


def _transition(
    program_id: int, allowed: tuple, to: str, message: str, *, by=None
) -> Program:
    program = lock_program(program_id)
    if program.status not in allowed:
        raise ValidationError(message)
    program.status = to
    program.full_clean()
    history_note(program, reason=to, by=by)
    program.save()
    return program


@transaction.atomic
def program_publish(*, program_id: int, by) -> Program:
    """Announce a draft: it appears in the catalogue and the API, and takes
    nominations within its registration window."""
    return _transition(
        program_id,
        (Program.Status.DRAFT,),
        Program.Status.PUBLISHED,
        _("Hanya program draf yang dapat diumumkan."),
        by=by,
    )


@transaction.atomic
def program_start(*, program_id: int, by) -> Program:
    return _transition(
        program_id,
        (Program.Status.PUBLISHED,),
        Program.Status.ONGOING,
        _("Hanya program yang sudah diumumkan yang dapat dimulai."),
        by=by,
    )


@transaction.atomic
def program_cancel(*, program_id: int, by, reason: str = "") -> Program:
    """Cancel the program and every open nomination; participants are told."""
    program = _transition(
        program_id,
        (Program.Status.DRAFT, Program.Status.PUBLISHED, Program.Status.ONGOING),
        Program.Status.CANCELLED,
        _("Program yang sudah selesai atau dibatalkan tidak dapat dibatalkan."),
        by=by,
    )
    open_enrolments = (
        Enrolment.objects.filter(
            program=program,
            status__in=(Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED),
        )
        .select_related("person", "program")
        .select_for_update(of=("self",))
    )
    for enrolment in open_enrolments:
        enrolment.status = Enrolment.Status.CANCELLED
        enrolment.cancel_reason = _("Program dibatalkan.")
        history_note(enrolment, reason="program cancelled", by=by)
        enrolment.save(update_fields=["status", "cancel_reason", "updated_at"])
        enrolment_notify(
            enrolment,
            kind="program_cancelled",
            title=lambda: _("Program dibatalkan: %(title)s") % {"title": program.title},
            body=lambda: (
                (reason or "").strip()
                or _("Program %(title)s dibatalkan oleh dinas.")
                % {"title": program.title}
            ),
        )
    return program


@transaction.atomic
def program_delete(*, program_id: int, by) -> None:
    """Remove a program made in error; one with participants stays (cancel it)."""
    program = lock_program(program_id)
    try:
        with history_by(by):  # its sessions go with it
            program.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Program yang sudah memiliki peserta tidak dapat dihapus; batalkan saja.")
        ) from exc
