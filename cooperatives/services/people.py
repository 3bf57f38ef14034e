"""People of a cooperative: officers, supervisors, managers, employees, members.

A person is found by NIK or registered (services.identities); the cooperative
keeps its own record of their name and contact on its roles, and a role runs for a
term that an officer can end. Members in bulk: services.members_import.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.history import acting_user, history_note

from ..models import Cooperative, CooperativeRole, PersonReconciliation
from .identities import (
    Recorded,
    person_identify,
    reconciliation_queue,
    recorded_name_check,
)

ROLE_FIELD_OF = {"person_phone": "phone", "person_email": "email"}
# The reason on the history of a role whose name and contact follow another
# role of the same person (core.history.reasons).
RECORDED_AGAIN = "recorded with another role"


def _identify(data: dict, *, cooperative: Cooperative, by, source: str):
    """The identity for the supplied NIK and what this cooperative records about
    the person (services.identities: known and unknown NIKs answer alike)."""
    return person_identify(
        nik=data.get("nik") or "",
        name=data.get("name") or "",
        sex=data.get("sex") or "",
        phone=data.get("phone") or "",
        email=data.get("email") or "",
        source=source,
        by=by,
        district_id=cooperative.district_id,
        cooperative_id=cooperative.pk,
    )


def record_in_cooperative(
    role: CooperativeRole, recorded: Recorded, *, by=None
) -> None:
    """The cooperative keeps one record of a person: every role it gives them
    carries the same name and contact. The person's other roles that differ
    follow in three queries however many they are, each with its history
    record (`by`, the reason)."""
    values = {
        "person_name": recorded.name,
        "person_phone": recorded.phone,
        "person_email": recorded.email,
    }
    others = list(
        CooperativeRole.objects.select_for_update()
        .filter(person_id=role.person_id, cooperative_id=role.cooperative_id)
        .exclude(pk=role.pk)
        .exclude(**values)
    )
    for row in (role, *others):
        for field, value in values.items():
            setattr(row, field, value)
    if others:
        bulk_update_with_history(
            others,
            CooperativeRole,
            list(values),
            default_user=acting_user(by),
            default_change_reason=RECORDED_AGAIN,
        )


def _save_role(role: CooperativeRole, by) -> CooperativeRole:
    role.full_clean()
    history_note(role, by=by)
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"role": _("Orang ini sudah memegang peran tersebut di koperasi ini.")}
        ) from exc
    return role


@transaction.atomic
def cooperative_role_add(
    *,
    cooperative_id: int,
    person: dict,
    role: str,
    position: str = "",
    starts_on: datetime.date | None = None,
    by=None,
) -> CooperativeRole:
    cooperative = Cooperative.objects.get(pk=cooperative_id)
    identity, recorded = _identify(
        person, cooperative=cooperative, by=by, source=PersonReconciliation.Source.ROLE
    )
    added = CooperativeRole(
        cooperative=cooperative,
        person=identity,
        role=role,
        position=position or "",
        starts_on=starts_on or timezone.localdate(),
    )
    record_in_cooperative(added, recorded, by=by)
    return _save_role(added, by)


@transaction.atomic
def cooperative_role_update(
    *, role_id: int, person: dict, position: str, starts_on: datetime.date, by=None
) -> CooperativeRole:
    """The cooperative's own record of the person (name, phone, email) and the
    role's terms; the person's identity stays as it is (staff reconcile a new
    name)."""
    role = (
        CooperativeRole.objects.select_for_update(of=("self",))
        .select_related("person", "cooperative")
        .get(pk=role_id)
    )
    recorded = _recorded_check(person)
    reconciliation_queue(
        person=role.person,
        supplied_name=recorded.name,
        source=PersonReconciliation.Source.ROLE,
        by=by,
        district_id=role.cooperative.district_id,
        cooperative_id=role.cooperative_id,
    )
    record_in_cooperative(role, recorded, by=by)
    role.position = position or ""
    role.starts_on = starts_on
    return _save_role(role, by)


def _recorded_check(person: dict) -> Recorded:
    """Name, phone and email as a role records them, validated by the role's own
    fields (name required)."""
    role = CooperativeRole(
        person_name=recorded_name_check(person.get("name") or ""),
        person_phone=person.get("phone") or "",
        person_email=(person.get("email") or "").strip(),
    )
    errors = {}
    for field, key in ROLE_FIELD_OF.items():
        try:
            setattr(
                role,
                field,
                role._meta.get_field(field).clean(getattr(role, field), role),
            )
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return Recorded(role.person_name, role.person_phone, role.person_email)


@transaction.atomic
def cooperative_role_end(
    *, role_id: int, ends_on: datetime.date, by=None
) -> CooperativeRole:
    role = CooperativeRole.objects.select_for_update().get(pk=role_id)
    if role.ends_on is not None:
        raise ValidationError({"ends_on": _("Masa jabatan ini sudah berakhir.")})
    role.ends_on = ends_on
    return _save_role(role, by)


ROLE_FIELDS = {
    "cooperative",
    "person",
    "person_name",
    "person_phone",
    "person_email",
    "role",
    "position",
    "starts_on",
    "ends_on",
}


def _role_fields(data: dict) -> dict:
    unknown = set(data) - ROLE_FIELDS
    if unknown:
        raise ValidationError(
            {name: _("Isian ini tidak dapat diubah.") for name in sorted(unknown)}
        )
    return data


@transaction.atomic
def cooperative_role_record(*, data: dict, by) -> CooperativeRole:
    """Staff give a registered identity a role (they pick the person itself, so no
    NIK is looked up); a blank recorded name is the identity's."""
    role = CooperativeRole(**_role_fields(data))
    return _save_role(role, by)


@transaction.atomic
def cooperative_role_correct(*, role_id: int, data: dict, by) -> CooperativeRole:
    """Staff correct a role's record and terms as they stand."""
    role = CooperativeRole.objects.select_for_update().get(pk=role_id)
    for name, value in _role_fields(data).items():
        setattr(role, name, value)
    return _save_role(role, by)


@transaction.atomic
def cooperative_role_delete(*, role_id: int, by) -> None:
    """Remove a role recorded in error (ending it keeps the history: role_end)."""
    role = CooperativeRole.objects.select_for_update().get(pk=role_id)
    history_note(role, by=by)
    role.delete()
