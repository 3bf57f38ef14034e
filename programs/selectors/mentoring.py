"""Mentoring: candidates, assignments and the reactivation it brings."""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import AnnualReport, Cooperative
from cooperatives.rules import first_active_rat_year

from ..models import MentorAssignment, MentoringVisit

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
        .select_related("mentor", "cooperative", "enterprise", "program")
        .prefetch_related("visits")
    )


def mentor_assignment_district_list(*, scope: Scope):
    """The mentoring of cooperatives and enterprises in scope (a district's
    workspace), latest first, with the number of visits."""
    return (
        MentorAssignment.objects.restrict(scope)
        .select_related("mentor", "cooperative", "enterprise", "program")
        .annotate(visit_count=Count("visits"))
        .order_by("-year", "-starts_on", "-pk")
    )


def mentor_assignment_for_owner_list(*, scope: Scope):
    """The mentoring of the owner's own enterprise (an owner's scope), with the
    visits, latest first."""
    if not scope.owner_user_id:
        return MentorAssignment.objects.none()
    return mentor_assignment_list(scope=scope).order_by("-year", "-starts_on", "pk")


RECENT_VISITS = 5


def mentor_assignment_of_mentor_list(
    *, user_id: int, today: datetime.date | None = None
):
    """The assignments of the mentor who signs in as this user (their own work,
    whatever their role), each with its latest visits in `recent_visits` (one
    query for all: a sliced prefetch) and `is_current`, whether visits may be recorded today."""
    today = today or timezone.localdate()
    current = MentorAssignment.objects.current(today).filter(pk=OuterRef("pk"))
    recent = Prefetch(
        "visits",
        queryset=MentoringVisit.objects.order_by("-visited_on", "-pk")[:RECENT_VISITS],
        to_attr="recent_visits",
    )
    return (
        MentorAssignment.objects.filter(mentor__user_id=user_id)
        .select_related("mentor", "cooperative", "enterprise", "program")
        .prefetch_related(recent)
        .annotate(is_current=Exists(current))
        .order_by("-year", "-starts_on", "pk")
    )


def mentor_assignment_of_mentor_get(
    *, user_id: int, assignment_id: int, today: datetime.date | None = None
) -> MentorAssignment:
    """One current assignment of this mentor (ended, not yet started, or
    another mentor's: DoesNotExist, the portal's 404)."""
    return (
        MentorAssignment.objects.current(today or timezone.localdate())
        .select_related("mentor", "cooperative", "enterprise")
        .get(pk=assignment_id, mentor__user_id=user_id)
    )


def mentoring_visit_of_mentor_get(
    *,
    user_id: int,
    assignment_id: int,
    visit_id: int,
    today: datetime.date | None = None,
) -> MentoringVisit:
    """A visit this mentor recorded on this current assignment of theirs, with
    its assignment and mentee (another mentor's, one staff recorded, another
    assignment's, or on an ended assignment: DoesNotExist, the portal's 404)."""
    running = MentorAssignment.objects.current(today or timezone.localdate())
    return MentoringVisit.objects.select_related(
        "assignment__mentor", "assignment__cooperative", "assignment__enterprise"
    ).get(
        pk=visit_id,
        assignment_id=assignment_id,
        assignment__in=running.filter(mentor__user_id=user_id),
        recorded_by_id=user_id,
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
