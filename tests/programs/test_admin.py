"""Staff admin of programs: changelists with constant queries, the attendance grid,
nominating through the rules, and the bulk actions."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Attendance, Enrolment, Program
from tests.factories import AnnualReportFactory, CooperativeFactory

from .factories import (
    EnrolmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    officer_person,
    sessions_for,
)

pytestmark = pytest.mark.django_db


def _programs(n):
    for _ in range(n):
        program = ProgramFactory()
        EnrolmentFactory(program=program)
        sessions_for(program, 1)


def _visits(n):
    MentoringVisitFactory.create_batch(n)


def _candidates(n):
    for i in range(n):
        cooperative = CooperativeFactory()
        if i % 2:
            AnnualReportFactory(cooperative=cooperative, fiscal_year=2020)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("admin:programs_program_changelist", _programs),
        ("admin:programs_session_changelist", _programs),
        ("admin:programs_enrolment_changelist", _programs),
        ("admin:programs_mentorassignment_changelist", _visits),
        ("admin:programs_mentoring_candidates", _candidates),
    ],
)
def test_changelists_answer_with_constant_queries(staff_client, url, make):
    path = reverse(url)
    make(5)
    staff_client.get(path)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(path).status_code == 200
    make(40)

    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(path)

    assert response.status_code == 200
    assert len(many) == len(few)


def test_program_forms_open(staff_client):
    program = ProgramFactory()
    sessions_for(program, 2)

    assert staff_client.get(reverse("admin:programs_program_add")).status_code == 200
    change = staff_client.get(
        reverse("admin:programs_program_change", args=[program.pk])
    )
    assert change.status_code == 200
    assert "Isi kehadiran" in change.content.decode()


def _change_form_data(client, program, **changes) -> dict:
    url = reverse("admin:programs_program_change", args=[program.pk])
    form = client.get(url).context["adminform"].form
    data = {
        # What the page shows (an amount as 1.250.000), as the browser posts it.
        name: ""
        if form[name].value() is None
        else form[name].field.widget.format_value(form[name].value())
        if isinstance(form[name].value(), Decimal)
        else form[name].value()
        for name in form.fields
    }
    return {
        **data,
        "sessions-TOTAL_FORMS": 0,
        "sessions-INITIAL_FORMS": 0,
        **changes,
    }


def test_program_change_goes_through_the_service(staff_client):
    program = ProgramFactory(quota=1)
    EnrolmentFactory(program=program)
    waiting = EnrolmentFactory(program=program, status="waitlisted")
    url = reverse("admin:programs_program_change", args=[program.pk])

    response = staff_client.post(
        url, _change_form_data(staff_client, program, quota=2, title="Judul Baru")
    )

    assert response.status_code == 302
    program.refresh_from_db()
    waiting.refresh_from_db()
    assert (program.quota, program.title) == (2, "Judul Baru")
    assert waiting.status == "confirmed"


def test_program_quota_below_the_participants_is_refused_in_the_form(staff_client):
    program = ProgramFactory(quota=2)
    EnrolmentFactory.create_batch(2, program=program)
    url = reverse("admin:programs_program_change", args=[program.pk])

    response = staff_client.post(url, _change_form_data(staff_client, program, quota=1))

    assert response.status_code == 200
    assert "Kuota tidak boleh lebih kecil" in response.content.decode()
    program.refresh_from_db()
    assert program.quota == 2


def test_attendance_grid_shows_the_participants_and_saves_them_at_once(staff_client):
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    here, away = EnrolmentFactory.create_batch(2, program=program)
    EnrolmentFactory(program=program, status="waitlisted")
    url = reverse("admin:programs_session_attendance", args=[session.pk])

    page = staff_client.get(url)
    saved = staff_client.post(url, {"present": [here.pk]})

    html = page.content.decode()
    assert here.person.name in html
    assert away.person.masked_nik in html
    assert away.person.nik not in html
    assert html.count('name="present"') == 2
    assert saved.status_code == 302
    assert dict(Attendance.objects.values_list("enrolment", "present")) == {
        here.pk: True,
        away.pk: False,
    }


def test_attendance_grid_refuses_a_stranger(staff_client):
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    stranger = EnrolmentFactory()
    url = reverse("admin:programs_session_attendance", args=[session.pk])

    response = staff_client.post(url, {"present": [stranger.pk]}, follow=True)

    assert "Hanya peserta terdaftar" in response.content.decode()
    assert not Attendance.objects.exists()


def test_enrolment_add_nominates_through_the_rules(staff_client):
    program = ProgramFactory(quota=1)
    cooperative = CooperativeFactory()
    url = reverse("admin:programs_enrolment_add")

    first = staff_client.post(
        url,
        {
            "program": program.pk,
            "person": officer_person(cooperative).pk,
            "cooperative": cooperative.pk,
        },
    )
    second = staff_client.post(
        url,
        {
            "program": program.pk,
            "person": officer_person(cooperative).pk,
            "cooperative": cooperative.pk,
        },
    )
    refused = staff_client.post(
        url,
        {
            "program": ProgramFactory(status=Program.Status.DRAFT).pk,
            "person": officer_person(cooperative).pk,
            "cooperative": cooperative.pk,
        },
    )

    assert first.status_code == second.status_code == 302
    assert list(Enrolment.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]
    assert refused.status_code == 200
    assert "tidak sedang menerima pendaftaran" in refused.content.decode()


def test_complete_action_evaluates_and_issues_certificates(staff_client):
    program = ProgramFactory(past=True)
    (session,) = sessions_for(program, 1)
    enrolment = EnrolmentFactory(program=program)
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)

    staff_client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "complete", "_selected_action": [program.pk]},
    )

    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.certificate_number.startswith(f"001/{program.code}/")


def test_enrolment_actions_cancel_and_issue(staff_client):
    cancel_me = EnrolmentFactory()
    completed = EnrolmentFactory(status="completed")
    url = reverse("admin:programs_enrolment_changelist")

    staff_client.post(url, {"action": "cancel", "_selected_action": [cancel_me.pk]})
    staff_client.post(
        url, {"action": "issue_certificates", "_selected_action": [completed.pk]}
    )

    cancel_me.refresh_from_db()
    completed.refresh_from_db()
    assert cancel_me.status == "cancelled"
    assert completed.certificate_code


def test_mentoring_candidates_list_and_reactivation_table(staff_client):
    inactive = CooperativeFactory(name="Koperasi Lama Tidur")
    MentoringVisitFactory(assignment__cooperative=inactive)

    candidates = staff_client.get(reverse("admin:programs_mentoring_candidates"))
    changelist = staff_client.get(reverse("admin:programs_mentorassignment_changelist"))

    assert "Koperasi Lama Tidur" in candidates.content.decode()
    assert "Sudah didampingi" in candidates.content.decode()
    assert "aktif kembali" in changelist.content.decode()


def test_a_closed_program_is_read_only_and_saving_it_changes_nothing(staff_client):
    program = ProgramFactory(status=Program.Status.COMPLETED, title="Selesai")
    url = reverse("admin:programs_program_change", args=[program.pk])

    page = staff_client.get(url)
    response = staff_client.post(
        url, {"title": "Diubah", "sessions-TOTAL_FORMS": 0, "sessions-INITIAL_FORMS": 0}
    )

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Selesai"
