"""The program's seats: the Program row is the lock every enrolment change takes,
so counting the seats and taking one cannot interleave with another nomination."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.history import history_note

from ..models import Enrolment, Program
from .notices import enrolment_notify

FILLABLE = (Program.Status.PUBLISHED, Program.Status.ONGOING)


def lock_program(program_id: int) -> Program:
    program = Program.objects.select_for_update().filter(pk=program_id).first()
    if program is None:
        raise ValidationError({"program": _("Program tidak ditemukan.")})
    return program


def seats_taken(program: Program) -> int:
    return Enrolment.objects.seated().filter(program=program).count()


def fill_from_waitlist(program: Program, *, by) -> list[Enrolment]:
    """Move the first waitlisted people up while seats are free, and tell them.
    The caller holds the program lock."""
    if program.status not in FILLABLE:
        return []
    free = program.quota - seats_taken(program)
    if free <= 0:
        return []
    promoted = list(
        Enrolment.objects.waitlist()
        .filter(program=program)
        .select_related("person", "program")
        .select_for_update(of=("self",))[:free]
    )
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.CONFIRMED
        history_note(enrolment, reason="promoted from waitlist", by=by)
        enrolment.save(update_fields=["status", "updated_at"])
        enrolment_notify(
            enrolment,
            kind="enrolment_promoted",
            title=lambda: (
                _("Naik dari daftar tunggu: %(title)s") % {"title": program.title}
            ),
            body=lambda enrolment=enrolment: (
                _(
                    "Ada kursi kosong: %(name)s kini terdaftar sebagai peserta "
                    "%(title)s (%(dates)s, %(venue)s)."
                )
                % {
                    "name": enrolment.participant_name,
                    "title": program.title,
                    "dates": program.dates_display,
                    "venue": program.venue or "-",
                }
            ),
        )
    return promoted
