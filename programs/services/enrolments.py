"""Nominating and cancelling participants. Each change locks the Program row
first, then counts its seats: two nominations for the last seat cannot both get it,
and a freed seat goes to the first person on the waitlist."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import Cooperative, Person

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


@transaction.atomic
def enrolment_nominate(
    *,
    program_id: int,
    person_id: int,
    cooperative_id: int | None = None,
    by,
    scope: Scope | None = None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Nominate a person: confirmed while seats are free, else waitlisted.

    `scope`, when given, is the caller's: a district office or an officer may
    only nominate people of their own district or cooperatives."""
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
    has_seat = seats_taken(program) < program.quota
    enrolment = Enrolment(
        program=program,
        person=person,
        cooperative=cooperative,
        district_id=nomination_district(program, person, cooperative, scope),
        nominated_by=by,
        status=Enrolment.Status.CONFIRMED if has_seat else Enrolment.Status.WAITLISTED,
    )
    enrolment.full_clean()
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
    """Nominate the person with this NIK, registering them first when unknown.
    A refused nomination registers nobody (one transaction)."""
    defaults = {"name": name, "phone": phone or "", "email": email or ""}
    if sex:
        defaults["sex"] = sex
    person, created = Person.objects.get_or_create_by_nik(nik, **defaults)
    if created:
        person.full_clean()
    else:
        missing = {
            field: value
            for field, value in (("phone", phone), ("email", email))
            if value and not getattr(person, field)
        }
        if missing:
            for field, value in missing.items():
                setattr(person, field, value)
            person.full_clean()
            person.save(update_fields=[*missing, "updated_at"])
    return enrolment_nominate(
        program_id=program_id,
        person_id=person.pk,
        cooperative_id=cooperative_id,
        by=by,
        scope=scope,
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
    enrolment._change_reason = "cancel"
    enrolment.full_clean()
    enrolment.save()
    fill_from_waitlist(program)
    return enrolment
