"""API throttles: a fixed window counter per client in Redis, one round trip a
request (core.ratelimit.window_hit). DRF's SimpleRateThrottle keeps a list of
timestamps per client and reads and writes it whole, two round trips and a
pickle on every request."""

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle

from core.client_address import client_address
from core.ratelimit import parse_rate, window_hit

logger = logging.getLogger(__name__)


class ApiClientThrottle(BaseThrottle):
    """Requests per token (its service user), per signed-in user, or per address
    for anonymous clients (core.client_address, as trusted proxies report it); the
    rate is read from settings on each request so it can be changed without a
    restart.

    When Redis is unreachable the throttle fails open (lets the request through
    and logs a warning) so the API keeps serving."""

    scope = "api_client"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATE

    def get_ident(self, request) -> str:
        # Not DRF's: without NUM_PROXIES it keys on X-Forwarded-For as sent.
        return client_address(request)

    def get_ident_of(self, request) -> str:
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return self.get_ident(request)

    def allow_request(self, request, view) -> bool:
        limit, period = parse_rate(self.get_rate())
        key = f"throttle_{self.scope}_{self.get_ident_of(request)}"
        try:
            self.seconds_left = window_hit(key, limit, period)
        except (RedisError, OSError) as exc:
            logger.warning("API throttle cache unavailable, request allowed: %r", exc)
            return True
        return self.seconds_left is None

    def wait(self) -> int | None:
        return self.seconds_left


class ApiExportThrottle(ApiClientThrottle):
    """Exports per client, counted apart from the other requests: one export reads
    the whole scope, so its rate is much lower (settings.ABUSE_LIMITS["export"],
    the same limit as the admin's exports)."""

    scope = "api_export"

    def get_rate(self) -> str:
        return settings.ABUSE_LIMITS["export"]


class ReportRequestThrottle(ApiClientThrottle):
    """Report requests per client (each one is a background job): a tighter
    limit on top of the general one, from settings.ABUSE_LIMITS["report"]."""

    scope = "report_request"

    def get_rate(self) -> str:
        return settings.ABUSE_LIMITS["report"]
