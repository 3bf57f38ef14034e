"""Scoped, prefetched reads of programs, enrolments, certificates and mentoring,
shared by the API, the public pages, the admin and (later) the member portal."""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import AnnualReport, Cooperative, CooperativeRole
from cooperatives.rules import first_active_rat_year

from .models import Attendance, Enrolment, MentorAssignment, Program, Session


def _count(queryset, group_by: str):
    """A correlated COUNT(*) subquery: evaluated for the rows returned only."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(group_by)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def seats_left_annotation():
    taken = _count(Enrolment.objects.seated().filter(program=OuterRef("pk")), "program")
    return Greatest(F("quota") - taken, Value(0))


def program_list(*, scope: Scope):
    return Program.objects.restrict(scope).annotate(seats_left=seats_left_annotation())


def program_catalogue():
    """Published and running programs for the public, with their seats left."""
    return (
        Program.objects.listed()
        .select_related("district")
        .annotate(seats_left=seats_left_annotation())
        .order_by("starts_on", "code")
    )


def program_public_get(*, code: str) -> Program | None:
    return program_catalogue().filter(code=code).prefetch_related("sessions").first()


def waitlist_position_annotation():
    ahead = Enrolment.objects.filter(
        program=OuterRef("program"),
        status=Enrolment.Status.WAITLISTED,
    ).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
    )
    return Case(
        When(status=Enrolment.Status.WAITLISTED, then=_count(ahead, "program")),
        default=None,
        output_field=IntegerField(),
    )


def attended_annotation():
    return _count(
        Attendance.objects.filter(enrolment=OuterRef("pk"), present=True),
        "enrolment",
    )


def enrolment_list(*, scope: Scope):
    return (
        Enrolment.objects.restrict(scope)
        .select_related("person")
        .annotate(waitlist_position=waitlist_position_annotation())
    )


def enrolment_for_program_list(*, scope: Scope, program_id: int):
    """A program's participants for a cooperative's or an office's page: seat,
    waitlist position and sessions attended."""
    return (
        enrolment_list(scope=scope)
        .filter(program_id=program_id)
        .select_related("program", "cooperative")
        .annotate(sessions_attended=attended_annotation())
    )


def certificate_get(*, code: str) -> Enrolment | None:
    """The certificate with this verification code, for anyone who holds it."""
    if not code:
        return None
    return (
        Enrolment.objects.filter(
            certificate_code=code, status=Enrolment.Status.COMPLETED
        )
        .select_related("person", "program", "program__district", "cooperative")
        .first()
    )


def certificate_for_user(*, code: str, user) -> Enrolment | None:
    """The certificate for download: staff, the district office or cooperative
    officers in scope, or the participant themselves."""
    enrolment = certificate_get(code=code)
    if enrolment is None or not user.is_authenticated:
        return None
    if enrolment.person.user_id == user.pk:
        return enrolment
    in_scope = Enrolment.objects.restrict(Scope.for_user(user)).filter(pk=enrolment.pk)
    return enrolment if in_scope.exists() else None


def session_attendance_sheet(*, session: Session) -> list[tuple[Enrolment, bool]]:
    """The confirmed participants of the session's program, with whether each was
    recorded present."""
    present = Exists(
        Attendance.objects.filter(
            session=session, enrolment=OuterRef("pk"), present=True
        )
    )
    rows = (
        Enrolment.objects.filter(
            program_id=session.program_id, status=Enrolment.Status.CONFIRMED
        )
        .select_related("person", "cooperative")
        .annotate(present=present)
        .order_by("person__name", "pk")
    )
    return [(row, row.present) for row in rows]


# --- Mentoring -------------------------------------------------------------------


def mentoring_candidate_list(*, scope: Scope, today: datetime.date | None = None):
    """Registered cooperatives without a verified RAT report for last fiscal year,
    inactive ones first (no RAT in the last three years), then by district."""
    today = today or timezone.localdate()
    active_since = datetime.date(first_active_rat_year(today.year), 1, 1)
    reported_last_year = AnnualReport.objects.verified().filter(
        cooperative=OuterRef("pk"), fiscal_year=today.year - 1
    )
    mentored_now = MentorAssignment.objects.current(today).filter(
        cooperative=OuterRef("pk")
    )
    return (
        Cooperative.objects.restrict(scope)
        .registered()
        .filter(~Exists(reported_last_year))
        .select_related("district")
        .annotate(
            active_now=Case(
                When(last_rat_on__gte=active_since, then=Value(True)),
                default=Value(False),
            ),
            has_mentor=Exists(mentored_now),
        )
        .order_by("active_now", "district_id", "name", "pk")
    )


def mentor_assignment_list(*, scope: Scope):
    return (
        MentorAssignment.objects.restrict(scope)
        .select_related("mentor", "cooperative", "program")
        .prefetch_related("visits")
    )


def mentoring_reactivation_stats(*, scope: Scope) -> list[dict]:
    """Per program year: cooperatives mentored, those inactive when their mentoring
    started, and how many of these have since held a RAT (a verified report with a
    RAT date on or after the start) — active again.

    Inactive at the start means no verified RAT held in the three calendar years
    up to the start (the national rule), before the start date."""
    verified = AnnualReport.objects.verified().filter(
        cooperative=OuterRef("cooperative")
    )
    active_at_start = verified.filter(
        rat_held_on__lt=OuterRef("starts_on"),
        rat_held_on__year__gte=OuterRef("starts_on__year") - 2,
    )
    rat_after_start = verified.filter(rat_held_on__gte=OuterRef("starts_on"))
    inactive = ~Exists(active_at_start)
    rows = (
        MentorAssignment.objects.restrict(scope)
        .values("year")
        .annotate(
            mentored=Count("cooperative", distinct=True),
            inactive_at_start=Count("cooperative", distinct=True, filter=Q(inactive)),
            reactivated=Count(
                "cooperative",
                distinct=True,
                filter=Q(inactive) & Q(Exists(rat_after_start)),
            ),
        )
        .order_by("-year")
    )
    return list(rows)


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
