"""Assigning mentors to cooperatives and enterprises, and logging their visits.

An assignment is made for exactly one mentee: a registered (not dissolved)
cooperative or an enterprise its district office has verified; it can be edited
and ended later, but never moved to a dissolved cooperative or an unverified
enterprise. Visits are logged on an assignment, corrected, or removed: by staff
(the admin) whenever, by a mentor (the portal) only the visits they recorded on
their own assignment while it runs."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative, Enterprise
from core.history import history_by, history_note

from ..models import MentorAssignment, MentoringVisit


def _registered_cooperative(cooperative_id: int) -> Cooperative:
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative_id)
    if cooperative.status != Cooperative.Status.REGISTERED:
        raise ValidationError({"cooperative": _("Koperasi ini sudah dibubarkan.")})
    return cooperative


def _verified_enterprise(enterprise_id: int) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    if enterprise.status != Enterprise.Status.VERIFIED:
        raise ValidationError(
            {"enterprise": _("UMKM ini belum diverifikasi dinas kabupaten/kota.")}
        )
    return enterprise


ASSIGNMENT_FIELDS = {
    "mentor",
    "cooperative",
    "enterprise",
    "program",
    "field",
    "year",
    "starts_on",
    "ends_on",
}
VISIT_FIELDS = {"visited_on", "findings", "recommendations", "follow_up_on"}


def _set_fields(instance, data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            {name: _("Isian ini tidak dapat diubah.") for name in sorted(unknown)}
        )
    for name, value in data.items():
        setattr(instance, name, value)


@transaction.atomic
def mentor_assign(
    *,
    mentor_id: int,
    cooperative_id: int | None = None,
    enterprise_id: int | None = None,
    field: str,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    program_id: int | None = None,
    by,
) -> MentorAssignment:
    """Assign a mentor to a cooperative or to an enterprise (exactly one: the
    check constraint `mentor_one_mentee`, reported under `cooperative`)."""
    cooperative = _registered_cooperative(cooperative_id) if cooperative_id else None
    enterprise = _verified_enterprise(enterprise_id) if enterprise_id else None
    assignment = MentorAssignment(
        mentor_id=mentor_id,
        cooperative=cooperative,
        enterprise=enterprise,
        field=field,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        program_id=program_id,
        assigned_by=by,
    )
    assignment.full_clean()
    history_note(assignment, by=by)
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
    history_note(visit, by=by)
    visit.save()
    return visit


@transaction.atomic
def mentor_assignment_update(*, assignment_id: int, data: dict, by) -> MentorAssignment:
    """Change an assignment's terms; moving it to another cooperative or
    enterprise follows the rule of a new assignment (that cooperative is not
    dissolved, that enterprise is verified)."""
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment_id)
    cooperative = data.get("cooperative")
    if cooperative is not None and cooperative.pk != assignment.cooperative_id:
        data = {**data, "cooperative": _registered_cooperative(cooperative.pk)}
    enterprise = data.get("enterprise")
    if enterprise is not None and enterprise.pk != assignment.enterprise_id:
        data = {**data, "enterprise": _verified_enterprise(enterprise.pk)}
    _set_fields(assignment, data, ASSIGNMENT_FIELDS)
    assignment.full_clean()
    history_note(assignment, by=by)
    assignment.save()
    return assignment


@transaction.atomic
def mentor_assignment_delete(*, assignment_id: int, by) -> None:
    """Remove an assignment made in error, with its visits."""
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment_id)
    with history_by(by):  # the visits' records too
        assignment.delete()


def _locked_visit(visit_id: int) -> MentoringVisit:
    return (
        MentoringVisit.objects.select_for_update(of=("self", "assignment"))
        .select_related("assignment__mentor")
        .get(pk=visit_id)
    )


def _check_may_change(visit: MentoringVisit, by) -> None:
    """Staff (anyone the admin lets in) and commands change any visit; anyone
    else only a visit they recorded, on an assignment that is theirs and still
    runs today (WITA): once it has ended, its record is the agency's."""
    if by is None or by.is_staff:
        return
    assignment = visit.assignment
    if visit.recorded_by_id != by.pk or assignment.mentor.user_id != by.pk:
        raise ValidationError(
            _("Hanya pendamping yang mencatat kunjungan ini dapat mengubahnya.")
        )
    if not assignment.runs_on(timezone.localdate()):
        raise ValidationError(
            _("Penugasan ini sudah berakhir; kunjungannya tidak dapat diubah lagi.")
        )


@transaction.atomic
def mentoring_visit_update(*, visit_id: int, data: dict, by) -> MentoringVisit:
    visit = _locked_visit(visit_id)
    _check_may_change(visit, by)
    for name in ("findings", "recommendations"):
        if name in data:
            data = {**data, name: (data[name] or "").strip()}
    _set_fields(visit, data, VISIT_FIELDS)
    visit.full_clean()
    history_note(visit, by=by)
    visit.save()
    return visit


@transaction.atomic
def mentoring_visit_delete(*, visit_id: int, by) -> None:
    visit = _locked_visit(visit_id)
    _check_may_change(visit, by)
    history_note(visit, by=by)
    visit.delete()
