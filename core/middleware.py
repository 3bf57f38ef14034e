"""A clean 503 when the database is unreachable, instead of a traceback or a 500;
sliding sessions that are not written on every request."""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

from core.db_router import replica_enabled, request_reads

logger = logging.getLogger(__name__)

OUTAGE_HTML = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Layanan tidak tersedia</title></head>
<body><h1>Layanan sementara tidak tersedia</h1>
<p>Silakan coba lagi beberapa saat lagi.</p></body></html>
"""


class DatabaseUnavailableMiddleware:
    """Turns a database connection failure raised by a view into a plain 503.

    The response needs nothing from the database (no templates with context
    processors, no session), so it can be produced while the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception.__class__.__name__)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": "Layanan sementara tidak tersedia."}, status=503
            )
        else:
            response = HttpResponse(
                OUTAGE_HTML, status=503, content_type="text/html; charset=utf-8"
            )
        response["Retry-After"] = "30"
        return response


class SessionRenewalMiddleware:
    """A signed-in session lasts SESSION_COOKIE_AGE from its last request, but is
    written at most once per SESSION_RENEW_INTERVAL (SESSION_SAVE_EVERY_REQUEST
    would write it on every request): marking it modified makes SessionMiddleware
    save it with a new expiry and send the cookie again. Listed after
    SessionMiddleware, so this runs before the session is saved. Requests without a
    session cookie (every API token request) are left alone: nothing is read."""

    RENEWED_AT = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        if response.status_code >= 500:
            return response  # a failed request (the database down, say) renews nothing
        session = request.session
        if SESSION_KEY not in session or session.session_key is None:
            return response  # not signed in, or signed out by this request
        now = int(time.time())
        due = now - session.get(self.RENEWED_AT, 0) >= settings.SESSION_RENEW_INTERVAL
        if due or session.modified:  # a session saved anyway is renewed for free
            session[self.RENEWED_AT] = now
        return response


def stamp_session_renewal(sender, request, user, **kwargs):
    """On `user_logged_in`: the login writes the session anyway, so stamp it then
    and the first request after it need not write it again."""
    request.session[SessionRenewalMiddleware.RENEWED_AT] = int(time.time())


class ReplicaStickinessMiddleware:
    """Read-your-own-writes with a read replica (core/db_router.py): a request that
    wrote reads `default` from then on, and leaves a short cookie so the same
    browser's next requests do too, until the replica has caught up (a few
    seconds). Without a replica nothing is set."""

    COOKIE = "kukm_primary"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            sticky_until = float(request.COOKIES.get(self.COOKIE, 0))
        except ValueError:
            sticky_until = 0.0
        with request_reads(sticky=sticky_until > time.time()) as state:
            response = self.get_response(request)
        if state.wrote and replica_enabled():
            seconds = settings.REPLICA_STICKY_SECONDS
            response.set_cookie(
                self.COOKIE,
                str(int(time.time() + seconds) + 1),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
