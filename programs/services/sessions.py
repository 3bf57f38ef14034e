"""A program's sessions, kept by staff while the program is open: added, moved
and removed until it is completed or cancelled (attendance hangs on them then)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import history_by, history_note

from ..models import Program, Session
from .seats import lock_program

SESSION_FIELDS = {"program", "title", "starts_at", "ends_at", "place", "trainer"}
CLOSED = (Program.Status.COMPLETED, Program.Status.CANCELLED)


def _open_program(program_id: int) -> Program:
    program = lock_program(program_id)
    if program.status in CLOSED:
        raise ValidationError(_("Program yang sudah selesai atau dibatalkan terkunci."))
    return program


def _set(session: Session, data: dict, by) -> Session:
    unknown = set(data) - SESSION_FIELDS
    if unknown:
        raise ValidationError(
            {name: _("Isian ini tidak dapat diubah.") for name in sorted(unknown)}
        )
    for name, value in data.items():
        setattr(session, name, value)
    session.full_clean()
    history_note(session, by=by)
    session.save()
    return session


@transaction.atomic
def session_add(*, data: dict, by) -> Session:
    program = _open_program(data["program"].pk)
    return _set(Session(), {**data, "program": program}, by)


@transaction.atomic
def session_update(*, session_id: int, data: dict, by) -> Session:
    session = Session.objects.select_for_update().get(pk=session_id)
    _open_program(session.program_id)
    if "program" in data and data["program"].pk != session.program_id:
        _open_program(data["program"].pk)
    return _set(session, data, by)


@transaction.atomic
def session_delete(*, session_id: int, by) -> None:
    session = Session.objects.select_for_update().get(pk=session_id)
    _open_program(session.program_id)
    with history_by(by):  # its attendance goes with it
        session.delete()
