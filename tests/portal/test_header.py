"""Every portal page's header: the unread notifications' count and a mentor's
link to their assignments, read together in one query, and only when a page
shows the header."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.services import notification_create
from portal.context_processors import portal_header
from tests.factories import PersonFactory, StaffFactory, UserFactory
from tests.portal.test_notification_inbox import _badge
from tests.programs.factories import MentorAssignmentFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = '"notifications_notification"'
ASSIGNMENTS = '"programs_mentorassignment"'


@pytest.fixture
def mentor():
    user = UserFactory(username="pendamping.header")
    MentorAssignmentFactory(mentor=PersonFactory(user=user))
    for title in ("Satu", "Dua"):
        notification_create(user=user, kind="x", title=title, body="b")
    return user


def test_the_header_is_read_in_one_query_only_when_a_page_shows_it(
    rf, mentor, django_assert_num_queries
):
    request = rf.get("/portal/")
    request.user = mentor

    with django_assert_num_queries(0):
        context = portal_header(request)
    with django_assert_num_queries(1):
        unread = context["unread_notifications"]()
        is_mentor = context["is_mentor"]()
        again = context["unread_notifications"]()

    assert (unread, is_mentor, again) == (2, True, 2)


@pytest.mark.parametrize(("mentors", "unread"), [(True, 2), (False, 0)])
def test_a_portal_page_reads_the_header_in_one_query(client, mentors, unread):
    user = UserFactory()
    if mentors:
        MentorAssignmentFactory(mentor=PersonFactory(user=user))
        for title in ("Satu", "Dua"):
            notification_create(user=user, kind="x", title=title, body="b")
    client.force_login(user)

    with CaptureQueriesContext(connection) as captured:
        body = client.get(reverse("portal:phone")).content.decode()

    header = [q["sql"] for q in captured.captured_queries if NOTIFICATIONS in q["sql"]]
    assert len(header) == 1
    assert ASSIGNMENTS in header[0]
    assert _badge(body) == (str(unread) if unread else None)
    assert (f'href="{reverse("portal:my-mentoring")}"' in body) is mentors


def test_staff_get_no_header_reads(rf):
    request = rf.get("/portal/")
    request.user = StaffFactory()

    assert portal_header(request) == {}
