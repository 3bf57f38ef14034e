"""A mentor records a visit from the portal at
/portal/pendampingan/<assignment>/kunjungan/baru/, through the service that logs
it (its history names the mentor); the model's rules come back in Indonesian
next to the fields; anyone but the assignment's own mentor, and an ended
assignment, is answered 404; the mentor's page lists the latest visits, with
links to correct or remove those they recorded, in a constant number of
queries."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.forms.mentoring import MentoringVisitForm
from programs.models import MentoringVisit
from tests.factories import (
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    StaffFactory,
    UserFactory,
    officer_of,
)
from tests.owner_accounts import owner_of
from tests.programs.factories import (
    MentorAssignmentFactory,
    MentoringVisitFactory,
    days,
    today,
)

pytestmark = pytest.mark.django_db


def url_of(assignment) -> str:
    return reverse("portal:mentoring-visit-create", args=[assignment.pk])


def _visit(**overrides) -> dict:
    return {
        "visited_on": days(-1).isoformat(),
        "findings": "Buku kas belum diisi sejak Agustus.",
        "recommendations": "Isi buku kas tiap pekan.",
        "follow_up_on": days(14).isoformat(),
        **overrides,
    }


def test_the_form_opens_with_today_wita(client, mentor, assignment):
    client.force_login(mentor)

    response = client.get(url_of(assignment))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Koperasi Sejahtera Loa Janan" in body
    assert f'value="{today().isoformat()}"' in body
    assert "<title>Catat kunjungan" in body


def test_the_mentor_records_a_visit_with_history(client, mentor, assignment):
    client.force_login(mentor)

    response = client.post(url_of(assignment), _visit())

    assert response.status_code == 302
    assert (
        response.url == reverse("portal:my-mentoring") + f"#assignment-{assignment.pk}"
    )
    visit = MentoringVisit.objects.get(assignment=assignment)
    assert visit.visited_on == days(-1)
    assert visit.findings == "Buku kas belum diisi sejak Agustus."
    assert visit.follow_up_on == days(14)
    assert visit.recorded_by == mentor
    assert visit.history.get().history_user == mentor
    page = client.get(response.url).content.decode()
    assert "Buku kas belum diisi sejak Agustus." in page


def test_the_visit_appears_in_the_cooperatives_and_enterprises_history(
    client, mentor, assignment
):
    enterprise = EnterpriseFactory()
    other = MentorAssignmentFactory(
        mentor=mentor.person, cooperative=None, enterprise=enterprise
    )
    client.force_login(mentor)
    client.post(url_of(assignment), _visit(findings="Rapat pengurus tertib."))
    client.post(url_of(other), _visit(findings="Kemasan belum berlabel."))

    client.force_login(officer_of(assignment.cooperative))
    history = reverse("portal:mentoring", args=[assignment.cooperative.pk])
    assert "Rapat pengurus tertib." in client.get(history).content.decode()
    client.force_login(owner_of(enterprise))
    mine = client.get(reverse("portal:my-mentoring")).content.decode()
    assert "Kemasan belum berlabel." in mine


# The visit form's refusals, shared with the pages that correct a visit.
REFUSALS = [
    (
        {"follow_up_on": days(-3).isoformat()},
        "follow_up_on",
        "Tanggal tindak lanjut tidak boleh sebelum tanggal kunjungan.",
    ),
    (
        {"visited_on": days(1).isoformat(), "follow_up_on": ""},
        "visited_on",
        "Tanggal tidak boleh di masa depan",
    ),
    (
        {"visited_on": days(-60).isoformat(), "follow_up_on": ""},
        "visited_on",
        "Kunjungan tidak boleh sebelum penugasan dimulai.",
    ),
    ({"findings": "  "}, "findings", "Tuliskan temuan kunjungan."),
    ({"visited_on": "31-02-2026"}, "visited_on", "Masukkan tanggal, misalnya"),
]
REFUSAL_IDS = [
    "follow-up-before",
    "future",
    "before-assignment",
    "no-findings",
    "bad-date",
]


@pytest.mark.parametrize(("overrides", "field", "message"), REFUSALS, ids=REFUSAL_IDS)
def test_a_refused_visit_says_why_in_indonesian(
    client, mentor, assignment, overrides, field, message
):
    client.force_login(mentor)

    response = client.post(url_of(assignment), _visit(**overrides))

    assert response.status_code == 200
    assert not MentoringVisit.objects.exists()
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    body = response.content.decode()
    assert "<title>Galat: Catat kunjungan" in body
    assert "Ada masalah" in body
    assert f'href="#id_{field}"' in body
    assert "Isi buku kas tiap pekan." in body  # what was typed is kept


def test_the_message_is_english_when_english_is_chosen(client, mentor, assignment):
    client.force_login(mentor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(url_of(assignment), _visit(findings=""))

    assert "Write down what you found on the visit." in response.content.decode()


def others_than_the_mentor(assignment) -> dict:
    """Everyone who is not the assignment's mentor, by who they are."""
    cooperative = assignment.cooperative
    return {
        "officer of the cooperative": officer_of(cooperative),
        "another mentor": PersonFactory(user=UserFactory()).user,
        "owner": owner_of(EnterpriseFactory()),
        "district user": DistrictUserFactory(district=cooperative.district),
        "staff": StaffFactory(),
    }


def test_anyone_but_the_mentor_gets_404(client, assignment):
    for who, user in others_than_the_mentor(assignment).items():
        client.force_login(user)
        assert client.get(url_of(assignment)).status_code == 404, who
        assert client.post(url_of(assignment), _visit()).status_code == 404, who
    assert not MentoringVisit.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends"), [(-90, -1), (3, None)], ids=["ended", "not-started"]
)
def test_an_assignment_not_current_gets_404_and_no_link(client, mentor, starts, ends):
    assignment = MentorAssignmentFactory(
        mentor=mentor.person,
        starts_on=days(starts),
        ends_on=days(ends) if ends is not None else None,
    )
    client.force_login(mentor)

    assert client.get(url_of(assignment)).status_code == 404
    assert client.post(url_of(assignment), _visit()).status_code == 404
    page = client.get(reverse("portal:my-mentoring")).content.decode()
    assert url_of(assignment) not in page


def test_an_assignment_ending_today_is_still_open(client, mentor):
    assignment = MentorAssignmentFactory(mentor=mentor.person, ends_on=today())
    client.force_login(mentor)

    assert client.get(url_of(assignment)).status_code == 200
    assert (
        url_of(assignment)
        in client.get(reverse("portal:my-mentoring")).content.decode()
    )


def _queries(client, mentor, count: int) -> int:
    for n in range(count):
        assignment = MentorAssignmentFactory(mentor=mentor.person, year=2000 + n)
        for day in range(count):
            MentoringVisitFactory(
                assignment=assignment,
                visited_on=days(-day - 1),
                follow_up_on=None,
                recorded_by=mentor,
            )
    client.force_login(mentor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:my-mentoring"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Catat kunjungan<") == count
    # Each visit the mentor recorded links to its correction and its removal.
    assert body.count("/ubah/") == body.count("/hapus/") == count * count
    return len(queries)


def test_the_mentors_page_lists_recent_visits_in_constant_queries(client, mentor):
    one = _queries(client, mentor, 1)
    MentoringVisit.objects.all().delete()
    mentor.person.mentor_assignments.all().delete()

    five = _queries(client, mentor, 5)

    assert one == five


def test_only_the_five_latest_visits_are_listed(client, mentor, assignment):
    for n in range(7):
        MentoringVisitFactory(
            assignment=assignment,
            visited_on=days(-n - 1),
            findings=f"Temuan nomor {n}.",
            follow_up_on=None,
        )
    client.force_login(mentor)

    page = client.get(reverse("portal:my-mentoring")).content.decode()

    assert "Temuan nomor 5." not in page
    assert "Temuan nomor 4." in page
    assert page.index("Temuan nomor 0.") < page.index("Temuan nomor 4.")


def test_the_form_reads_dates_as_officers_type_them():
    form = MentoringVisitForm(data={"visited_on": "14-03-2026", "findings": "x"})
    assert form.is_valid()
    assert form.cleaned_data["visited_on"] == datetime.date(2026, 3, 14)


def test_the_header_leads_a_mentor_to_their_assignments(client, mentor, assignment):
    link = f'href="{reverse("portal:my-mentoring")}"'
    officer = officer_of(assignment.cooperative)
    mentoring_officer = officer_of(assignment.cooperative)
    MentorAssignmentFactory(mentor=mentoring_officer.person)
    dashboard = reverse("portal:dashboard", args=[assignment.cooperative.pk])

    client.force_login(officer)
    assert link not in client.get(dashboard).content.decode()
    client.force_login(mentoring_officer)
    assert link in client.get(dashboard).content.decode()
