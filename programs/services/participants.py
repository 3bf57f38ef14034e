"""A cooperative's record of its people reaches its own nominations.

A cooperative keeps one record (name, phone, email) of each of its people, on their
roles (cooperatives.services.people); each enrolment it nominated copies that
record. When the cooperative's officer corrects the record, what they expect is
that their cooperative's nominations follow: every enrolment the cooperative
nominated the person to whose certificate is not issued yet. An issued certificate
keeps the name it was issued with (its page and PDF are a document people hold),
and nothing of another cooperative or district changes (docs/security.md, "People
across scopes").

The portal's people pages call these rather than the cooperative's services, so
the record and the nominations change in one transaction."""

from django.db import transaction
from django.db.models import Exists, OuterRef

from cooperatives import services as cooperative_services
from cooperatives.models import CooperativeRole
from core.history import history_note

from ..models import Enrolment


@transaction.atomic
def participant_records_follow(
    *, cooperative_id: int, person_ids: list[int] | None = None, by
) -> int:
    """Copy the cooperative's current record of each person (all of them, or
    those given) onto the cooperative's own uncertified enrolments of them; how
    many enrolments changed."""
    roles = CooperativeRole.objects.filter(
        cooperative_id=cooperative_id, person=OuterRef("person")
    )
    enrolments = (
        Enrolment.objects.filter(
            cooperative_id=cooperative_id, certificate_code__isnull=True
        )
        .filter(Exists(roles))
        .select_for_update()
        .order_by("pk")
    )
    if person_ids is not None:
        enrolments = enrolments.filter(person_id__in=person_ids)
    enrolments = list(enrolments)
    records = {
        role.person_id: (role.person_name, role.person_phone, role.person_email)
        for role in CooperativeRole.objects.filter(
            cooperative_id=cooperative_id,
            person_id__in={enrolment.person_id for enrolment in enrolments},
        ).order_by("starts_on", "pk")  # the latest role's record wins
    }
    changed = 0
    for enrolment in enrolments:
        record = records[enrolment.person_id]
        current = (
            enrolment.participant_name,
            enrolment.participant_phone,
            enrolment.participant_email,
        )
        if current == record:
            continue
        (
            enrolment.participant_name,
            enrolment.participant_phone,
            enrolment.participant_email,
        ) = record
        history_note(enrolment, reason="cooperative record corrected", by=by)
        enrolment.save(
            update_fields=[
                "participant_name",
                "participant_phone",
                "participant_email",
                "updated_at",
            ]
        )
        changed += 1
    return changed


@transaction.atomic
def cooperative_person_update(**kwargs) -> CooperativeRole:
    """cooperatives.services.cooperative_role_update, and the nominations follow."""
    role = cooperative_services.cooperative_role_update(**kwargs)
    participant_records_follow(
        cooperative_id=role.cooperative_id,
        person_ids=[role.person_id],
        by=kwargs.get("by"),
    )
    return role


@transaction.atomic
def cooperative_person_add(**kwargs) -> CooperativeRole:
    """cooperatives.services.cooperative_role_add (a new role of someone the
    cooperative already holds brings a new record), and the nominations follow."""
    role = cooperative_services.cooperative_role_add(**kwargs)
    participant_records_follow(
        cooperative_id=role.cooperative_id,
        person_ids=[role.person_id],
        by=kwargs.get("by"),
    )
    return role


@transaction.atomic
def cooperative_members_import(*, cooperative_id: int, **kwargs):
    """cooperatives.services.members_import_csv, and the nominations follow."""
    result = cooperative_services.members_import_csv(
        cooperative_id=cooperative_id, **kwargs
    )
    if result.created:
        participant_records_follow(cooperative_id=cooperative_id, by=kwargs.get("by"))
    return result
