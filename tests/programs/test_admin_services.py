"""The programs admin writes through the services, so their rules hold there too:
an assignment to a dissolved cooperative is refused on the form, visits are logged
with who recorded them, a refusal saves nothing, a new program is a draft, sessions
of a closed program stay as they are, a deleted enrolment's seat goes to the
waitlist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs import services
from programs.models import (
    Enrolment,
    MentorAssignment,
    MentoringVisit,
    Program,
    Session,
)
from tests.factories import CooperativeFactory, PersonFactory

from .factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    at,
    days,
    today,
)

pytestmark = pytest.mark.django_db

NO_VISITS = {"visits-TOTAL_FORMS": 0, "visits-INITIAL_FORMS": 0}


def _assignment_data(cooperative, mentor, **changes) -> dict:
    return {
        "mentor": mentor.pk,
        "cooperative": cooperative.pk,
        "program": "",
        "field": "institutional",
        "year": today().year,
        "starts_on": days(-10).isoformat(),
        "ends_on": "",
        **NO_VISITS,
        **changes,
    }


def test_mentor_assignment_add_refuses_a_dissolved_cooperative(staff_client):
    dissolved = CooperativeFactory(status="dissolved")
    mentor = PersonFactory()

    response = staff_client.post(
        reverse("admin:programs_mentorassignment_add"),
        _assignment_data(dissolved, mentor),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["cooperative"] == ["Koperasi ini sudah dibubarkan."]
    assert not MentorAssignment.objects.exists()


def test_mentor_assignment_add_records_who_assigned_and_the_first_visit(
    staff_client, staff_user
):
    cooperative, mentor = CooperativeFactory(), PersonFactory()
    visit = {
        "visits-TOTAL_FORMS": 1,
        "visits-0-visited_on": days(-2).isoformat(),
        "visits-0-findings": "  Buku kas belum rapi.  ",
        "visits-0-recommendations": "",
        "visits-0-follow_up_on": "",
    }

    response = staff_client.post(
        reverse("admin:programs_mentorassignment_add"),
        _assignment_data(cooperative, mentor, **visit),
    )

    assert response.status_code == 302
    assignment = MentorAssignment.objects.get()
    assert assignment.assigned_by == staff_user
    saved = assignment.visits.get()
    assert (saved.findings, saved.recorded_by) == ("Buku kas belum rapi.", staff_user)


def test_mentor_assignment_change_refuses_a_move_to_a_dissolved_cooperative(
    staff_client,
):
    assignment = MentorAssignmentFactory()
    dissolved = CooperativeFactory(status="dissolved")
    url = reverse("admin:programs_mentorassignment_change", args=[assignment.pk])

    response = staff_client.post(url, _assignment_data(dissolved, assignment.mentor))

    assert response.status_code == 200
    assert "Koperasi ini sudah dibubarkan." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.cooperative_id != dissolved.pk


def test_mentor_assignment_of_a_since_dissolved_cooperative_can_still_be_ended(
    staff_client,
):
    assignment = MentorAssignmentFactory(starts_on=days(-30))
    cooperative = assignment.cooperative
    cooperative.status = "dissolved"
    cooperative.save()
    ends_on = days(-1)
    url = reverse("admin:programs_mentorassignment_change", args=[assignment.pk])

    response = staff_client.post(
        url,
        _assignment_data(
            cooperative,
            assignment.mentor,
            starts_on=days(-30).isoformat(),
            ends_on=ends_on.isoformat(),
        ),
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == ends_on


def test_mentoring_visits_are_corrected_and_removed_in_the_admin(staff_client):
    kept = MentoringVisitFactory(findings="Lama")
    removed = MentoringVisitFactory(assignment=kept.assignment)
    assignment = kept.assignment
    url = reverse("admin:programs_mentorassignment_change", args=[assignment.pk])
    visits = sorted([kept, removed], key=lambda v: (-v.visited_on.toordinal(), -v.pk))
    data = _assignment_data(
        assignment.cooperative,
        assignment.mentor,
        starts_on=assignment.starts_on.isoformat(),
        **{"visits-TOTAL_FORMS": 2, "visits-INITIAL_FORMS": 2},
    )
    for i, visit in enumerate(visits):
        data |= {
            f"visits-{i}-id": visit.pk,
            f"visits-{i}-assignment": assignment.pk,
            f"visits-{i}-visited_on": visit.visited_on.isoformat(),
            f"visits-{i}-findings": "Baru" if visit == kept else visit.findings,
            f"visits-{i}-recommendations": visit.recommendations,
            f"visits-{i}-follow_up_on": visit.follow_up_on.isoformat(),
        }
        if visit == removed:
            data[f"visits-{i}-DELETE"] = "on"

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert list(MentoringVisit.objects.values_list("pk", "findings")) == [
        (kept.pk, "Baru")
    ]


def test_mentor_assignment_delete_goes_through_the_service(staff_client):
    visit = MentoringVisitFactory()
    url = reverse("admin:programs_mentorassignment_delete", args=[visit.assignment_id])

    response = staff_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not MentorAssignment.objects.exists()
    assert not MentoringVisit.objects.exists()


def test_program_add_in_the_admin_goes_through_program_create(staff_client):
    url = reverse("admin:programs_program_add")
    form = staff_client.get(url).context["adminform"].form
    data = dict.fromkeys(form.fields, "")
    data |= {
        "code": "DIKLAT-ADMIN-1",
        "title": "Diklat dari admin",
        "kind": "training",
        "topic": "diklat_perkoperasian",
        "year": today().year,
        "audience": "officers",
        "quota": 20,
        "funding_source": "dak",
        "registration_opens": days(1).isoformat(),
        "registration_closes": days(5).isoformat(),
        "starts_on": days(10).isoformat(),
        "ends_on": days(12).isoformat(),
        "hours": 16,
        "completion_rule_percent": 80,
        "sessions-TOTAL_FORMS": 0,
        "sessions-INITIAL_FORMS": 0,
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Program.objects.get(code="DIKLAT-ADMIN-1").status == Program.Status.DRAFT


def test_session_added_on_the_program_page_goes_through_the_service(staff_client):
    program = ProgramFactory()
    url = reverse("admin:programs_program_change", args=[program.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: "" if form[name].value() is None else form[name].value()
        for name in form.fields
    }
    start = at(program.starts_on, 8)
    data |= {
        "sessions-TOTAL_FORMS": 1,
        "sessions-INITIAL_FORMS": 0,
        "sessions-0-title": "Pembukaan",
        "sessions-0-starts_at_0": start.date().isoformat(),
        "sessions-0-starts_at_1": "08:00",
        "sessions-0-ends_at_0": start.date().isoformat(),
        "sessions-0-ends_at_1": "10:00",
        "sessions-0-place": "Aula",
        "sessions-0-trainer": "",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert list(program.sessions.values_list("title", flat=True)) == ["Pembukaan"]


def test_session_add_refuses_a_closed_program(staff_user):
    program = ProgramFactory(status=Program.Status.COMPLETED)
    start = at(program.starts_on, 8)

    with pytest.raises(ValidationError):
        services.session_add(
            data={
                "program": program,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
            },
            by=staff_user,
        )

    assert not Session.objects.filter(program=program).exists()


def test_program_delete_refuses_a_program_with_participants(staff_client):
    enrolment = EnrolmentFactory()
    url = reverse("admin:programs_program_delete", args=[enrolment.program_id])

    with pytest.raises(ValidationError):
        services.program_delete(program_id=enrolment.program_id, by=None)
    staff_client.post(url, {"post": "yes"})

    assert Program.objects.filter(pk=enrolment.program_id).exists()


def test_enrolment_deleted_in_the_admin_frees_its_seat_for_the_waitlist(
    staff_client,
):
    program = ProgramFactory(quota=1)
    seated = EnrolmentFactory(program=program)
    waiting = EnrolmentFactory(program=program, status="waitlisted")
    url = reverse("admin:programs_enrolment_delete", args=[seated.pk])

    response = staff_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert not Enrolment.objects.filter(pk=seated.pk).exists()


def test_mentor_assignment_update_refuses_a_dissolved_cooperative(staff_user):
    assignment = MentorAssignmentFactory()
    dissolved = CooperativeFactory(status="dissolved")

    with pytest.raises(ValidationError) as refused:
        services.mentor_assignment_update(
            assignment_id=assignment.pk,
            data={"cooperative": dissolved},
            by=staff_user,
        )

    assert "cooperative" in refused.value.message_dict
