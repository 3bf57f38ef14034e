"""A clean 503 when the database is unreachable, instead of a traceback or a 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

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
