"""Who may correct or remove a visit (programs.services.mentoring_visit_update
and mentoring_visit_delete, shared by the admin and the portal): staff, always;
a mentor, only a visit they recorded on their own assignment while it runs."""

import pytest
from django.core.exceptions import ValidationError

from programs import services
from programs.models import MentoringVisit
from tests.factories import PersonFactory, StaffFactory, UserFactory
from tests.programs.factories import (
    MentorAssignmentFactory,
    MentoringVisitFactory,
    days,
)

pytestmark = pytest.mark.django_db

NOT_THEIRS = "Hanya pendamping yang mencatat kunjungan ini dapat mengubahnya."
ENDED = "Penugasan ini sudah berakhir; kunjungannya tidak dapat diubah lagi."


def _mentor():
    user = UserFactory()
    PersonFactory(user=user)
    return user


def _visit(mentor, *, ends_on=None, recorded_by="mentor"):
    assignment = MentorAssignmentFactory(
        mentor=mentor.person, starts_on=days(-60), ends_on=ends_on
    )
    return MentoringVisitFactory(
        assignment=assignment,
        visited_on=days(-20),
        follow_up_on=None,
        recorded_by=mentor if recorded_by == "mentor" else recorded_by,
    )


def _update(visit, by):
    return services.mentoring_visit_update(
        visit_id=visit.pk, data={"findings": "Diperbaiki."}, by=by
    )


def _delete(visit, by):
    services.mentoring_visit_delete(visit_id=visit.pk, by=by)


CHANGES = [_update, _delete]
IDS = ["update", "delete"]


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_the_recording_mentor_changes_their_visit(change):
    mentor = _mentor()
    visit = _visit(mentor)

    change(visit, mentor)

    record = MentoringVisit.history.filter(id=visit.pk).latest()
    assert record.history_user == mentor
    assert record.history_type == ("~" if change is _update else "-")


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_a_closed_assignment_refuses_the_mentor(change):
    mentor = _mentor()
    visit = _visit(mentor, ends_on=days(-1))

    with pytest.raises(ValidationError) as exc:
        change(visit, mentor)

    assert exc.value.messages == [ENDED]
    saved = MentoringVisit.objects.get(pk=visit.pk)
    assert saved.findings == visit.findings


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
@pytest.mark.parametrize(
    "who", ["another user", "the mentor, staff recorded it", "a former mentor"]
)
def test_anyone_but_the_recording_mentor_is_refused(change, who):
    mentor = _mentor()
    visit = _visit(mentor, recorded_by=StaffFactory() if "staff" in who else "mentor")
    by = mentor
    if who == "another user":
        by = _mentor()
    elif who == "a former mentor":
        visit.assignment.mentor = PersonFactory(user=UserFactory())
        visit.assignment.save(update_fields=["mentor"])

    with pytest.raises(ValidationError) as exc:
        change(visit, by)

    assert exc.value.messages == [NOT_THEIRS]
    assert MentoringVisit.objects.get(pk=visit.pk).findings == visit.findings


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_staff_change_any_visit_also_on_a_closed_assignment(change):
    visit = _visit(_mentor(), ends_on=days(-1))
    staff = StaffFactory()

    change(visit, staff)

    record = MentoringVisit.history.filter(id=visit.pk).latest()
    assert record.history_user == staff
