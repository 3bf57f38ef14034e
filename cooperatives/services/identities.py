"""People across scopes (docs/security.md): the province keeps one identity per NIK;
each cooperative, district or enterprise keeps the name and contact it was given,
on its own link row.

A scoped caller always supplies NIK, name and contact, and is answered the same
whether the NIK is known anywhere or not: what it supplied is validated alike, the
identity is reused (or created from the supplied details), and the details to
record on the caller's own row are returned. A supplied name that differs from the
identity's queues a reconciliation item for staff:

    OPEN → ACCEPTED (the supplied name becomes the identity name) | KEPT

Only staff change an identity: in the admin, or by resolving an item here.
"""

from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import PersonalDataAccess
from audit.services import personal_data_access_record
from core.history import history_by, history_note

from ..models import Person, PersonReconciliation
from ..validators import validate_person_nik


@dataclass(frozen=True)
class Recorded:
    """What a scope recorded about a person (validated, normalised)."""

    name: str
    phone: str = ""
    email: str = ""
    sex: str = ""  # as supplied, or read from the NIK; "" when not recorded


def same_name(first: str, second: str) -> bool:
    """Case and spacing are not a different name."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def validated_candidate(
    *, nik: str, name: str, sex: str, phone: str, email: str
) -> Person:
    """An unsaved person built from what was supplied and validated in full, so
    that a known and an unknown NIK give the same errors (the NIK's uniqueness is
    not checked: a known NIK is not an error)."""
    nik = (nik or "").strip()
    try:
        validate_person_nik(nik)
    except ValidationError as exc:
        raise ValidationError({"nik": exc.error_list}) from exc
    candidate = Person(
        nik=nik,
        name=(name or "").strip(),
        sex=sex or Person.sex_from_nik(nik),
        phone=phone or "",
        email=(email or "").strip(),
    )
    candidate.full_clean(validate_unique=False)
    return candidate


def person_identify(
    *,
    nik: str,
    name: str,
    sex: str = "",
    phone: str = "",
    email: str = "",
    source: str,
    by=None,
    district_id: str | None = None,
    cooperative_id: int | None = None,
) -> tuple[Person, Recorded]:
    """The identity with this NIK (created from the supplied details when new) and
    the details the caller's scope records. The identity itself is never changed
    here; a different name goes to the reconciliation queue."""
    candidate = validated_candidate(
        nik=nik, name=name, sex=sex, phone=phone, email=email
    )
    recorded = Recorded(candidate.name, candidate.phone, candidate.email, candidate.sex)
    with history_by(by):  # a new identity's first record names who brought it
        person, created = Person.objects.get_or_create(
            nik_hash=candidate.nik_hash,
            defaults={
                "nik_encrypted": candidate.nik_encrypted,
                "name": candidate.name,
                "sex": candidate.sex,
                "phone": candidate.phone,
                "email": candidate.email,
            },
        )
    if not created:
        reconciliation_queue(
            person=person,
            supplied_name=recorded.name,
            source=source,
            by=by,
            district_id=district_id,
            cooperative_id=cooperative_id,
        )
    return person, recorded


def recorded_name_check(name: str) -> str:
    """A scope's name for a person it already holds: required, at most 150."""
    name = (name or "").strip()
    try:
        Person._meta.get_field("name").clean(name, None)
    except ValidationError as exc:
        raise ValidationError({"name": exc.error_list}) from exc
    return name


def reconciliation_queue(
    *,
    person: Person,
    supplied_name: str,
    source: str,
    by=None,
    district_id: str | None = None,
    cooperative_id: int | None = None,
) -> PersonReconciliation | None:
    """An open item when the supplied name differs from the identity's (one per
    person and name, however often it is supplied); None when it is the same."""
    if same_name(supplied_name, person.name):
        return None
    item, _created = PersonReconciliation.objects.get_or_create(
        person=person,
        supplied_name=supplied_name,
        status=PersonReconciliation.Status.OPEN,
        defaults={
            "source": source,
            "district_id": district_id,
            "cooperative_id": cooperative_id,
            "supplied_by": by if getattr(by, "pk", None) else None,
        },
    )
    return item


def reconciliation_audit_record(*, item: PersonReconciliation, by) -> None:
    """The one place a reconciliation leaves its audit entries (who, when, what
    was decided; never a NIK): the personal-data access trail, and an admin log
    entry on the person for its history page."""
    personal_data_access_record(
        action=PersonalDataAccess.Action.RECONCILE,
        user=by,
        person_id=item.person_id,
        reason=_("Rekonsiliasi nama #%(id)s: %(decision)s.")
        % {"id": item.pk, "decision": item.get_status_display()},
    )
    LogEntry.objects.create(
        user=by,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(item.person_id),
        object_repr=_("Rekonsiliasi nama #%(id)s") % {"id": item.pk},
        action_flag=CHANGE,
        change_message=_("Rekonsiliasi nama: %(decision)s.")
        % {"decision": item.get_status_display()},
    )


@transaction.atomic
def reconciliation_resolve(
    *, reconciliation_id: int, accept: bool, by
) -> PersonReconciliation:
    """Staff only: accept the supplied name as the identity name, or keep the
    identity's. The scopes' own records are left as they are."""
    if not getattr(by, "is_agency_staff", False):
        raise ValidationError(_("Hanya staf dinas provinsi yang dapat memutuskan."))
    item = (
        PersonReconciliation.objects.select_for_update()
        .select_related("person")
        .get(pk=reconciliation_id)
    )
    if item.status != PersonReconciliation.Status.OPEN:
        raise ValidationError(_("Rekonsiliasi ini sudah diputuskan."))
    if accept:
        person = Person.objects.select_for_update().get(pk=item.person_id)
        person.name = item.supplied_name
        person.full_clean(validate_unique=False)
        history_note(person, reason=f"reconciliation {item.pk}", by=by)
        person.save()
        item.person = person
    item.status = (
        PersonReconciliation.Status.ACCEPTED
        if accept
        else PersonReconciliation.Status.KEPT
    )
    item.resolved_by, item.resolved_at = by, timezone.now()
    item.full_clean()
    item.save()
    reconciliation_audit_record(item=item, by=by)
    return item


PERSON_FIELDS = {"nik", "name", "sex", "phone", "email", "user"}


def _person_set(person: Person, data: dict, by) -> Person:
    unknown = set(data) - PERSON_FIELDS
    if unknown:
        raise ValidationError(
            {name: _("Isian ini tidak dapat diubah.") for name in sorted(unknown)}
        )
    for name, value in data.items():
        setattr(person, name, value)  # `nik` through Person.nik: encrypted, hashed
    person.full_clean()
    history_note(person, by=by)
    person.save()
    return person


@transaction.atomic
def person_register(*, data: dict, by) -> Person:
    """Staff register an identity directly (scopes go through person_identify)."""
    return _person_set(Person(), data, by)


@transaction.atomic
def person_correct(*, person_id: int, data: dict, by) -> Person:
    """Staff correct an identity: the only change of one outside reconciliation."""
    person = Person.objects.select_for_update().get(pk=person_id)
    return _person_set(person, data, by)


@transaction.atomic
def person_delete(*, person_id: int, by) -> None:
    person = Person.objects.select_for_update().get(pk=person_id)
    try:
        with history_by(by):  # and whatever goes with it
            person.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Orang ini masih dirujuk oleh data lain dan tidak dapat dihapus.")
        ) from exc
