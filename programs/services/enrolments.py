"""Nominating and cancelling participants. Each change locks the Program row
first, then counts its seats: two nominations for the last seat cannot both get it,
and a freed seat goes to the first person on the waitlist."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import (
    Cooperative,
    CooperativeRole,
    Person,
    PersonReconciliation,
)
from cooperatives.services.identities import Recorded, person_identify
from core.history import history_by, history_note

from ..models import Enrolment, Program
from .eligibility import nomination_district, nomination_errors
from .seats import fill_from_waitlist, lock_program, seats_taken

CANCELLABLE = (Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED)


def _cooperative(cooperative_id: int | None) -> Cooperative | None:
    if cooperative_id is None:
        return None
    cooperative = Cooperative.objects.filter(pk=cooperative_id).first()
    if cooperative is None:
        raise ValidationError({"cooperative": _("Koperasi tidak ditemukan.")})
    return cooperative


def _recorded_by_cooperative(person: Person, cooperative: Cooperative | None):
    """What the nominating cooperative recorded about the person (its roles), or
    for a nomination without one (staff), the identity's details."""
    if cooperative is not None:
        role = (
            CooperativeRole.objects.filter(person=person, cooperative=cooperative)
            .order_by("-starts_on", "-pk")
            .first()
        )
        if role is not None:
            return Recorded(role.person_name, role.person_phone, role.person_email)
    return Recorded(person.name, person.phone, person.email)


@transaction.atomic
def enrolment_nominate(
    *,
    program_id: int,
    person_id: int,
    cooperative_id: int | None = None,
    by,
    scope: Scope | None = None,
    today: datetime.date | None = None,
    recorded: Recorded | None = None,
) -> Enrolment:
    """Nominate a person: confirmed while seats are free, else waitlisted.

    `scope`, when given, is the caller's: a district office or an officer may
    only nominate people of their own district or cooperatives. `recorded` is the
    participant as the caller knows them (default: the nominating cooperative's
    record); certificates and pages show it."""
    program = lock_program(program_id)
    person = Person.objects.get(pk=person_id)
    cooperative = _cooperative(cooperative_id)
    errors = nomination_errors(
        program=program,
        person=person,
        cooperative=cooperative,
        today=today or timezone.localdate(),
        scope=scope,
    )
    if errors:
        raise ValidationError(errors)
    recorded = recorded or _recorded_by_cooperative(person, cooperative)
    if recorded.sex:
        sex = recorded.sex
    elif scope is not None and not scope.everything:
        # A scope's record: the NIK's own sex (the day of birth), never the
        # identity's, which another scope may have given.
        sex = Person.sex_from_nik(person.nik)
    else:
        sex = person.sex  # staff: the identity's
    has_seat = seats_taken(program) < program.quota
    enrolment = Enrolment(
        program=program,
        person=person,
        participant_name=recorded.name,
        participant_phone=recorded.phone,
        participant_email=recorded.email,
        participant_sex=sex,
        cooperative=cooperative,
        district_id=nomination_district(program, person, cooperative, scope),
        nominated_by=by,
        status=Enrolment.Status.CONFIRMED if has_seat else Enrolment.Status.WAITLISTED,
    )
    enrolment.full_clean()
    history_note(enrolment, by=by)
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_nominate_by_nik(
    *,
    program_id: int,
    nik: str,
    name: str,
    sex: str | None = None,
    phone: str = "",
    email: str = "",
    cooperative_id: int | None = None,
    by,
    scope: Scope | None = None,
) -> Enrolment:
    """Nominate the person with this NIK, registering them first when unknown;
    known or not, the answer is the same and the enrolment records the supplied
    details (cooperatives.services.identities). A refused nomination registers
    nobody (one transaction)."""
    cooperative = _cooperative(cooperative_id)
    person, recorded = person_identify(
        nik=nik,
        name=name,
        sex=sex or "",
        phone=phone or "",
        email=email or "",
        source=PersonReconciliation.Source.ENROLMENT,
        by=by,
        district_id=cooperative.district_id
        if cooperative
        else getattr(scope, "district_code", None),
        cooperative_id=cooperative_id,
    )
    return enrolment_nominate(
        program_id=program_id,
        person_id=person.pk,
        cooperative_id=cooperative_id,
        by=by,
        scope=scope,
        recorded=recorded,
    )


@transaction.atomic
def enrolment_cancel(*, enrolment_id: int, by, reason: str = "") -> Enrolment:
    """Cancel a confirmed or waitlisted participant; a freed seat goes to the first
    person on the waitlist, who is told."""
    program_id = (
        Enrolment.objects.filter(pk=enrolment_id)
        .values_list("program_id", flat=True)
        .first()
    )
    if program_id is None:
        raise ValidationError(_("Peserta tidak ditemukan."))
    program = lock_program(program_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
    if enrolment.status not in CANCELLABLE:
        raise ValidationError(
            _("Hanya peserta terdaftar atau dalam daftar tunggu yang dapat dibatalkan.")
        )
    if program.status in (Program.Status.COMPLETED, Program.Status.CANCELLED):
        raise ValidationError(_("Program ini sudah selesai atau dibatalkan."))
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancel_reason = (reason or "").strip()[:300]
    history_note(enrolment, reason="cancel", by=by)
    enrolment.full_clean()
    enrolment.save()
    fill_from_waitlist(program, by=by)
    return enrolment


@transaction.atomic
def enrolment_delete(*, enrolment_id: int, by) -> None:
    """Remove an enrolment recorded in error; a seat it held goes to the first
    person on the waitlist, as when it is cancelled."""
    program_id = (
        Enrolment.objects.filter(pk=enrolment_id)
        .values_list("program_id", flat=True)
        .first()
    )
    if program_id is None:
        raise ValidationError(_("Peserta tidak ditemukan."))
    program = lock_program(program_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
    with history_by(by):  # its attendance goes with it
        enrolment.delete()
    fill_from_waitlist(program, by=by)
