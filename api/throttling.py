import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class ApiClientThrottle(SimpleRateThrottle):
    """Requests per token (its service user) or per signed-in user; the rate is read
    from settings on each request so it can be changed without a restart.

    The counts live in the Redis cache; when Redis is unreachable the throttle fails
    open (lets the request through and logs a warning) so the API keeps serving."""

    scope = "api_client"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return self.cache_format % {
                "scope": self.scope,
                "ident": self.get_ident(request),
            }
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as exc:
            logger.warning("API throttle cache unavailable, request allowed: %r", exc)
            return True


class ApiExportThrottle(ApiClientThrottle):
    """Exports per client, counted apart from the other requests: one export reads
    the whole scope, so its rate is much lower (settings.ABUSE_LIMITS["export"],
    the same limit as the admin's exports)."""

    scope = "api_export"

    def get_rate(self):
        return settings.ABUSE_LIMITS["export"]


class ReportRequestThrottle(ApiClientThrottle):
    """Report requests per client (each one is a background job): a tighter
    limit on top of the general one, from settings.ABUSE_LIMITS["report"]."""

    scope = "report_request"

    def get_rate(self):
        return settings.ABUSE_LIMITS["report"]
