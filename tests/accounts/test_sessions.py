"""Sessions end after a working day without a request, and are renewed (sliding)
without a database write on every request."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.middleware import SessionRenewalMiddleware
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

RENEWED_AT = SessionRenewalMiddleware.RENEWED_AT


def expiry_of(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def backdate(client, *, renewed_seconds_ago: int, expires_in: datetime.timedelta):
    session = client.session
    session[RENEWED_AT] = int(time.time()) - renewed_seconds_ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )


def test_session_lasts_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_session_is_renewed_after_the_interval(client):
    client.force_login(StaffFactory())
    backdate(
        client,
        renewed_seconds_ago=settings.SESSION_RENEW_INTERVAL + 1,
        expires_in=datetime.timedelta(hours=1),
    )

    response = client.get("/admin/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME in response.cookies
    left = expiry_of(client) - timezone.now()
    assert left > datetime.timedelta(hours=8, minutes=59)


def test_session_is_not_written_within_the_interval(client):
    client.force_login(StaffFactory())
    backdate(client, renewed_seconds_ago=10, expires_in=datetime.timedelta(hours=1))
    before = expiry_of(client)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert expiry_of(client) == before


def test_session_idle_for_a_working_day_has_ended(client):
    client.force_login(StaffFactory())
    backdate(client, renewed_seconds_ago=9 * 3600, expires_in=-datetime.timedelta(1))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_api_token_requests_touch_no_session(samarinda_api):
    sessions = Session.objects.count()

    response = samarinda_api.get("/api/v1/cooperatives/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == sessions


def test_first_request_after_login_does_not_write_the_session(client):
    client.force_login(StaffFactory())

    response = client.get("/admin/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
