from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import check_database, check_redis


@never_cache
def healthz(request):
    """200 with every dependency "ok", else 503 naming what is down."""
    checks = {"database": check_database(), "redis": check_redis()}
    body = {name: "ok" if healthy else "down" for name, healthy in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
