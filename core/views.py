import datetime

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from .health import check_database, check_redis, check_replica


@never_cache
def healthz(request):
    """200 with every dependency "ok", else 503 naming what is down. A configured
    read replica is named too ("replica": "ok"/"down"), but its being down keeps
    the 200: the portal serves on, its reads going to the database."""
    checks = {"database": check_database(), "redis": check_redis()}
    body = {name: "ok" if healthy else "down" for name, healthy in checks.items()}
    replica = check_replica()
    if replica is not None:
        body["replica"] = "ok" if replica else "down"
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


def not_found(request, exception=None):
    """API clients get JSON 404s even for URLs no route matches; people get the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Terjadi kesalahan pada server.")}, status=500)
    return defaults.server_error(request)


# The day the notice below last changed in substance: say so when it changes again.
PRIVACY_NOTICE_UPDATED_ON = datetime.date(2026, 12, 4)


def privacy_notice(request):
    """What personal data the portal keeps, why, for how long, who sees it, and
    whom to ask (UU 27/2022): public, for everyone whose data is kept."""
    return render(
        request,
        "core/privacy.html",
        {
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "updated_on": PRIVACY_NOTICE_UPDATED_ON,
        },
    )
