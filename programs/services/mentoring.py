"""Assigning mentors to cooperatives and logging their visits."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative

from ..models import MentorAssignment, MentoringVisit


@transaction.atomic
def mentor_assign(
    *,
    mentor_id: int,
    cooperative_id: int,
    field: str,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    program_id: int | None = None,
    by,
) -> MentorAssignment:
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative_id)
    if cooperative.status != Cooperative.Status.REGISTERED:
        raise ValidationError({"cooperative": _("Koperasi ini sudah dibubarkan.")})
    assignment = MentorAssignment(
        mentor_id=mentor_id,
        cooperative=cooperative,
        field=field,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        program_id=program_id,
        assigned_by=by,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def mentoring_visit_log(
    *,
    assignment_id: int,
    visited_on: datetime.date,
    findings: str,
    recommendations: str = "",
    follow_up_on: datetime.date | None = None,
    by,
) -> MentoringVisit:
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment_id)
    visit = MentoringVisit(
        assignment=assignment,
        visited_on=visited_on,
        findings=(findings or "").strip(),
        recommendations=(recommendations or "").strip(),
        follow_up_on=follow_up_on,
        recorded_by=by,
    )
    visit.full_clean()
    visit.save()
    return visit
