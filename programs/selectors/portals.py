"""What the portals read: the officers' (their cooperative's programs and
nominations), the district offices' and the UMKM owners'."""

import datetime

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import Cooperative, CooperativeRole

from ..models import Enrolment, Program, Session
from .mentoring import mentor_assignment_list
from .programs import (
    enrolment_for_program_list,
    program_list,
    seats_left_annotation,
    waitlist_position_annotation,
)

# --- The officers' portal ---------------------------------------------------------


def program_for_cooperative_list(*, scope: Scope, district_id: str):
    """The programs in scope open to a cooperative of this district: its own
    district's and the province-wide ones."""
    return (
        program_list(scope=scope)
        .filter(Q(district__isnull=True) | Q(district=district_id))
        .select_related("district")
    )


def program_for_cooperative_get(
    *, scope: Scope, district_id: str, program_id: int
) -> Program:
    """One of those programs (DoesNotExist otherwise)."""
    return program_for_cooperative_list(scope=scope, district_id=district_id).get(
        pk=program_id
    )


def session_for_program_list(*, program: Program) -> list[Session]:
    return list(program.sessions.all())


def program_nominated_by(cooperative_id: int) -> Exists:
    """Whether the cooperative has nominated someone to the program (a filter of
    programs): a nomination counts unless it was cancelled."""
    return Exists(
        Enrolment.objects.filter(
            program=OuterRef("pk"), cooperative_id=cooperative_id
        ).exclude(status=Enrolment.Status.CANCELLED)
    )


def enrolment_for_cooperative_list(
    *, scope: Scope, program_id: int, cooperative_id: int
):
    """A cooperative's nominations to a program (enrolment_for_program_list)."""
    return enrolment_for_program_list(scope=scope, program_id=program_id).filter(
        cooperative_id=cooperative_id
    )


def enrolment_nominated_list(*, scope: Scope, program_id: int, cooperative_id: int):
    """The cooperative's nominations to a program that stand, by name."""
    return (
        enrolment_for_cooperative_list(
            scope=scope, program_id=program_id, cooperative_id=cooperative_id
        )
        .exclude(status=Enrolment.Status.CANCELLED)
        .order_by("participant_name", "pk")
    )


def enrolment_for_cooperative_get(
    *, scope: Scope, program_id: int, cooperative_id: int, enrolment_id: int
) -> Enrolment:
    """One of them, with its waitlist position (DoesNotExist otherwise)."""
    return enrolment_for_cooperative_list(
        scope=scope, program_id=program_id, cooperative_id=cooperative_id
    ).get(pk=enrolment_id)


def enrolment_waitlist_position(
    *, scope: Scope, program_id: int, cooperative_id: int, enrolment_id: int
) -> int | None:
    return (
        enrolment_for_cooperative_list(
            scope=scope, program_id=program_id, cooperative_id=cooperative_id
        )
        .filter(pk=enrolment_id)
        .values_list("waitlist_position", flat=True)
        .first()
    )


def mentor_assignment_for_cooperative_list(*, scope: Scope, cooperative_id: int):
    """A cooperative's mentoring, latest first, with the visits."""
    return (
        mentor_assignment_list(scope=scope)
        .filter(cooperative_id=cooperative_id)
        .order_by("-year", "-starts_on", "pk")
    )


def session_upcoming_list(
    *, scope: Scope, cooperative_id: int, days: int = 7
) -> list[Session]:
    """Sessions in the coming `days` of programs in which the cooperative has
    confirmed participants, with how many (one query, for the dashboard)."""
    now = timezone.now()
    return list(
        Session.objects.filter(
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=days),
            program__enrolments__cooperative__in=Cooperative.objects.restrict(
                scope
            ).filter(pk=cooperative_id),
            program__enrolments__status=Enrolment.Status.CONFIRMED,
        )
        .select_related("program")
        .annotate(participants=Count("program__enrolments"))
        .order_by("starts_at", "pk")[:5]
    )


# Facts about training that other apps ask for through settings (so they need not
# import programs): FINANCING_TRAINING_CHECK points at `officer_completed_training`.
LEADING_ROLES = (
    CooperativeRole.Role.OFFICER,
    CooperativeRole.Role.SUPERVISOR,
    CooperativeRole.Role.MANAGER,
)


def officer_completed_training(
    *,
    cooperative_id: int | None,
    kind: str,
    today: datetime.date,
    scope: Scope | None = None,
) -> bool | None:
    """Whether someone now leading the cooperative (officer, supervisor or manager)
    completed a program of this kind (a program kind slug like `training`, or a
    topic like `bimtek_pembukuan_akuntansi`). None when there is no cooperative.

    `scope`: only nominations the caller's scope made (an officer's
    cooperatives, a district's), for an answer to a scoped caller that does not
    depend on what another scope recorded about a person (docs/security.md);
    province staff read the province's whole training history."""
    if cooperative_id is None:
        return None
    leaders = (
        CooperativeRole.objects.current(today)
        .filter(cooperative_id=cooperative_id, role__in=LEADING_ROLES)
        .values("person_id")
    )
    completed = Enrolment.objects.filter(
        Q(program__kind=kind) | Q(program__topic=kind),
        status=Enrolment.Status.COMPLETED,
        person_id__in=leaders,
    )
    if scope is not None:
        completed = completed.restrict(scope)
    return completed.exists()


def program_get(*, scope: Scope, program_id: int) -> Program:
    """A program in scope, with its seats left (DoesNotExist otherwise)."""
    return program_list(scope=scope).select_related("district").get(pk=program_id)


def session_get(*, program: Program, session_id: int) -> Session:
    return program.sessions.get(pk=session_id)


def program_office_list(*, scope: Scope):
    """The programs in scope for a district office's list, latest first."""
    return (
        program_list(scope=scope)
        .select_related("district")
        .order_by("-starts_on", "code")
    )


def enrolment_standing_list(*, scope: Scope, program_id: int):
    """A program's nominations in scope that stand, by name."""
    return (
        enrolment_for_program_list(scope=scope, program_id=program_id)
        .exclude(status=Enrolment.Status.CANCELLED)
        .order_by("participant_name", "pk")
    )


# --- UMKM owners' portal -----------------------------------------------------------


def program_open_for_enterprise_list(*, district_id: str, today: datetime.date):
    """SME programs open for registration today, in the enterprise's district or
    province-wide, with seats left."""
    return (
        Program.objects.open_on(today)
        .filter(audience=Program.Audience.SMES)
        .filter(Q(district__isnull=True) | Q(district=district_id))
        .select_related("district")
        .annotate(seats_left=seats_left_annotation())
        .filter(seats_left__gt=0)
        .order_by("registration_closes", "code")
    )


def enrolment_for_owner_list(*, person_id: int):
    """The programs the owner is (or was) enrolled in, newest first."""
    return (
        Enrolment.objects.filter(person_id=person_id)
        .select_related("program")
        .annotate(waitlist_position=waitlist_position_annotation())
        .order_by("-program__starts_on", "-pk")
    )
