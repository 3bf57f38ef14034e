from django.db.models import Count, Q

from accounts.scope import Scope
from programs.models import Enrolment
from programs.selectors import enrolment_list

from .models import ReportRun


def report_run_list(*, scope: Scope):
    """Runs in scope: a district's own runs; province-wide runs (no district) only
    for staff, since `restrict` filters on the district."""
    return ReportRun.objects.restrict(scope).select_related("district", "requested_by")


def enrolment_outcome_stats(*, scope: Scope, group_by: str, **filters) -> list[dict]:
    """Participants, completions and certificates of the enrolments in scope,
    grouped by `group_by` (e.g. "program", "program__year"), in one query.

    A participant holds a seat (confirmed, completed or no-show); the waitlisted
    and the cancelled are not counted. The dashboard and the program outcomes
    report both count through here, on the programs app's `enrolment_list`."""
    return list(
        enrolment_list(scope=scope)
        .filter(**filters)
        .values(group_by)
        .annotate(
            participants=Count("pk", filter=Q(status__in=Enrolment.SEATED)),
            completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
            certificates=Count("pk", filter=Q(certificate_code__isnull=False)),
        )
        .order_by(group_by)
    )


def completion_rate(completed: int, participants: int) -> float | None:
    return round(completed / participants, 4) if participants else None
