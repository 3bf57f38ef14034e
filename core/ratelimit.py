"""Per-client limits for costly actions (imports, exports, report requests), and
the counter the API throttles share: a window counter in the Redis cache. When
Redis is down the limit fails open (the action is allowed and a warning logged),
like the API throttle, so an outage of the cache does not stop the portal."""

import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from .client_address import client_address

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/hour' -> (10, 3600)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


# One atomic step: count the use, open the window with the first one, and give
# the seconds left in it. (SET NX then INCR could outlive the key between the two
# and leave a count that never expires.)
_COUNT_IN_WINDOW = """
local used = redis.call('INCR', KEYS[1])
local left = redis.call('TTL', KEYS[1])
if left < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {used, left}
"""


def window_hit(key: str, limit: int, period: int) -> int | None:
    """Count one use in the client's window of `period` seconds, which opens with
    its first use (one round trip to Redis); the seconds until that window closes
    when this use is over `limit`, else None. Raises RedisError/OSError when Redis
    is unreachable: the callers fail open, each with its own warning."""
    # A window per period: a rate changed to a shorter one starts a fresh count.
    name = cache.make_and_validate_key(f"{key}:{period}s")
    client = cache._cache.get_client(name, write=True)
    used, seconds_left = client.eval(_COUNT_IN_WINDOW, 1, name, period)
    if used > limit:
        return max(1, seconds_left)
    return None


def limit_hit(scope: str, ident) -> int | None:
    """Count one use of `scope` by `ident`; the seconds to wait when over the
    limit (settings.ABUSE_LIMITS[scope]), else None."""
    limit, period = parse_rate(settings.ABUSE_LIMITS[scope])
    try:
        return window_hit(f"ratelimit:{scope}:{ident}", limit, period)
    except (RedisError, OSError) as exc:
        logger.warning("rate limit cache unavailable, %s allowed: %r", scope, exc)
        return None


def limit_message(wait: int) -> str:
    minutes = max(1, (wait + 59) // 60)
    return _(
        "Terlalu banyak permintaan dalam waktu singkat. Coba lagi dalam %(minutes)s menit."
    ) % {"minutes": minutes}


def limited_per_client(scope: str):
    """A public page counted against `scope` per client address; over the limit the
    visitor gets a short page saying how long to wait (429 + Retry-After)."""

    def decorator(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            wait = limit_hit(scope, client_address(request))
            if not wait:
                return view(request, *args, **kwargs)
            response = render(
                request,
                "core/rate_limited.html",
                {"message": limit_message(wait)},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response

        return limited

    return decorator
