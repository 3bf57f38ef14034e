"""A mentor corrects (…/kunjungan/<visit>/ubah/) or removes (…/hapus/, a
confirmation page, then POST) a visit they recorded, while the assignment runs,
through the services the admin uses; the history names the mentor. Another
mentor's visit, a visit staff recorded, another assignment's, an ended
assignment, and anyone else: 404, nothing changed."""

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import MentoringVisit
from tests.factories import (
    PersonFactory,
    StaffFactory,
    UserFactory,
)
from tests.notifications.test_notice_languages import BULAN
from tests.programs.factories import (
    MentorAssignmentFactory,
    MentoringVisitFactory,
    days,
    today,
)

from .test_mentoring_visits import REFUSAL_IDS, REFUSALS, others_than_the_mentor

pytestmark = pytest.mark.django_db

FINDINGS = "Buku kas belum diisi sejak Agustus."


def edit_url(visit) -> str:
    return reverse(
        "portal:mentoring-visit-update", args=[visit.assignment_id, visit.pk]
    )


def delete_url(visit) -> str:
    return reverse(
        "portal:mentoring-visit-delete", args=[visit.assignment_id, visit.pk]
    )


def _mentor():
    return PersonFactory(user=UserFactory()).user


@pytest.fixture
def visit(mentor, assignment):
    return MentoringVisitFactory(
        assignment=assignment,
        visited_on=days(-3),
        findings=FINDINGS,
        follow_up_on=days(10),
        recorded_by=mentor,
    )


def _changes(**overrides) -> dict:
    return {
        "visited_on": days(-2).isoformat(),
        "findings": "  Buku kas sudah diisi sampai Oktober.  ",
        "recommendations": "Tutup buku tiap bulan.",
        "follow_up_on": "",
        **overrides,
    }


def _unchanged(visit) -> bool:
    saved = MentoringVisit.objects.filter(pk=visit.pk).first()
    return saved is not None and saved.findings == visit.findings


def test_the_edit_page_shows_the_visit_as_recorded(client, mentor, visit):
    client.force_login(mentor)

    response = client.get(edit_url(visit))

    assert response.status_code == 200
    body = response.content.decode()
    day = visit.visited_on.strftime("%-d")
    assert f"<title>Ubah kunjungan {day} " in body
    assert "Koperasi Sejahtera Loa Janan" in body
    assert f'value="{visit.visited_on.isoformat()}"' in body
    assert FINDINGS in body
    assert delete_url(visit) in body


def test_the_mentor_corrects_a_visit_with_history(client, mentor, visit):
    client.force_login(mentor)

    response = client.post(edit_url(visit), _changes())

    assert response.status_code == 302
    assert response.url == (
        reverse("portal:my-mentoring") + f"#assignment-{visit.assignment_id}"
    )
    visit.refresh_from_db()
    assert visit.visited_on == days(-2)
    assert visit.findings == "Buku kas sudah diisi sampai Oktober."
    assert visit.follow_up_on is None
    assert visit.recorded_by == mentor
    latest = visit.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", mentor)
    page = client.get(response.url).content.decode()
    assert "diperbarui" in page
    assert "Buku kas sudah diisi sampai Oktober." in page


def test_the_delete_page_asks_first_with_the_date_in_words(client, mentor, visit):
    client.force_login(mentor)

    body = client.get(delete_url(visit)).content.decode()

    month = BULAN[visit.visited_on.month - 1]
    words = f"{visit.visited_on.day} {month} {visit.visited_on.year}"
    assert f"Hapus kunjungan {words}?" in body
    assert FINDINGS in body
    assert "Ya, hapus kunjungan" in body
    assert MentoringVisit.objects.filter(pk=visit.pk).exists()


def test_the_mentor_deletes_a_visit_with_history(client, mentor, visit):
    client.force_login(mentor)

    response = client.post(delete_url(visit))

    assert response.status_code == 302
    assert not MentoringVisit.objects.filter(pk=visit.pk).exists()
    record = MentoringVisit.history.filter(id=visit.pk).latest()
    assert (record.history_type, record.history_user) == ("-", mentor)
    page = client.get(response.url).content.decode()
    assert "dihapus" in page
    assert FINDINGS not in page


@pytest.mark.parametrize(("overrides", "field", "message"), REFUSALS, ids=REFUSAL_IDS)
def test_a_refused_change_says_why_in_indonesian(
    client, mentor, visit, overrides, field, message
):
    client.force_login(mentor)

    response = client.post(edit_url(visit), _changes(**overrides))

    assert response.status_code == 200
    assert _unchanged(visit)
    assert any(message in error for error in response.context["form"].errors[field])
    body = response.content.decode()
    assert "<title>Galat: Ubah kunjungan" in body
    assert f'href="#id_{field}"' in body
    assert "Tutup buku tiap bulan." in body  # what was typed is kept


def test_the_refusal_is_english_when_english_is_chosen(client, mentor, visit):
    client.force_login(mentor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(edit_url(visit), _changes(findings=""))

    body = response.content.decode()
    assert "Write down what you found on the visit." in body
    assert "Change the visit" in body


def test_anyone_but_the_recording_mentor_gets_404(client, visit):
    outsiders = {"anonymous": None, **others_than_the_mentor(visit.assignment)}
    for who, user in outsiders.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in (edit_url(visit), delete_url(visit)):
            response = client.get(url)
            if user is None:
                assert response.status_code == 302, who
                assert response.url.startswith(resolve_url(settings.LOGIN_URL)), who
                continue
            assert response.status_code == 404, (who, url)
            assert client.post(url, _changes()).status_code == 404, (who, url)
    assert _unchanged(visit)


def test_another_mentors_visit_and_another_assignment_get_404(client, mentor, visit):
    other_mentor = _mentor()
    theirs = MentoringVisitFactory(
        assignment=MentorAssignmentFactory(mentor=other_mentor.person),
        recorded_by=other_mentor,
    )
    mine_elsewhere = MentorAssignmentFactory(mentor=mentor.person, year=2000)
    by_staff = MentoringVisitFactory(
        assignment=visit.assignment, recorded_by=StaffFactory()
    )
    client.force_login(mentor)
    wrong_assignment = reverse(
        "portal:mentoring-visit-update", args=[mine_elsewhere.pk, visit.pk]
    )
    wrong_delete = reverse(
        "portal:mentoring-visit-delete", args=[mine_elsewhere.pk, visit.pk]
    )

    for url in (
        edit_url(theirs),
        delete_url(theirs),
        edit_url(by_staff),
        delete_url(by_staff),
        wrong_assignment,
        wrong_delete,
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, _changes()).status_code == 404, url

    assert _unchanged(theirs)
    assert _unchanged(by_staff)
    assert _unchanged(visit)


@pytest.mark.parametrize(
    ("starts", "ends"), [(-90, -1), (3, None)], ids=["ended", "not-started"]
)
def test_an_assignment_not_running_refuses_changes(client, mentor, starts, ends):
    assignment = MentorAssignmentFactory(
        mentor=mentor.person,
        starts_on=days(starts),
        ends_on=days(ends) if ends is not None else None,
    )
    visit = MentoringVisitFactory(
        assignment=assignment,
        visited_on=days(-10),
        follow_up_on=None,
        recorded_by=mentor,
    )
    client.force_login(mentor)

    for url in (edit_url(visit), delete_url(visit)):
        assert client.get(url).status_code == 404
        assert client.post(url, _changes()).status_code == 404
    assert _unchanged(visit)
    page = client.get(reverse("portal:my-mentoring")).content.decode()
    assert visit.findings in page  # listed, without links
    assert edit_url(visit) not in page
    assert delete_url(visit) not in page


def test_the_list_links_only_the_visits_the_mentor_recorded(client, mentor, visit):
    by_staff = MentoringVisitFactory(
        assignment=visit.assignment, visited_on=days(-1), recorded_by=StaffFactory()
    )
    client.force_login(mentor)

    page = client.get(reverse("portal:my-mentoring")).content.decode()

    assert edit_url(visit) in page
    assert delete_url(visit) in page
    assert edit_url(by_staff) not in page
    assert delete_url(by_staff) not in page


def _page_queries(client, mentor, visit, others: int) -> tuple[int, int]:
    MentoringVisitFactory.create_batch(
        others, assignment=visit.assignment, recorded_by=mentor, follow_up_on=None
    )
    client.force_login(mentor)
    counts = []
    for url in (edit_url(visit), delete_url(visit)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return tuple(counts)


def test_the_pages_take_the_same_queries_however_many_visits(client, mentor, visit):
    few = _page_queries(client, mentor, visit, 0)

    many = _page_queries(client, mentor, visit, 6)

    assert few == many


def test_an_assignment_ending_today_still_takes_changes(client, mentor, visit):
    visit.assignment.ends_on = today()
    visit.assignment.save(update_fields=["ends_on"])
    client.force_login(mentor)

    response = client.post(edit_url(visit), _changes())

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.findings == "Buku kas sudah diisi sampai Oktober."
