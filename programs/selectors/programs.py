"""Programs, enrolments, certificates and attendance: scoped reads shared by the
API, the portal, the admin and the reports."""

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

from accounts.scope import Scope

from ..models import Attendance, Enrolment, Program, Session


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


def program_open_list(*, today: datetime.date):
    """Catalogue programs open for registration today, for cooperatives and SMEs
    alike, closing soonest first (the public landing page)."""
    return program_catalogue().open_on(today).order_by("registration_closes", "code")


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
