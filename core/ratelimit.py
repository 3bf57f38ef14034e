"""Per-client limits for costly actions (imports, exports, report requests) that
are not API throttles: a fixed window counter in the Redis cache. When Redis is
down the limit fails open (the action is allowed and a warning logged), like the
API throttle, so an outage of the cache does not stop the portal."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/hour' -> (10, 3600)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


def limit_hit(scope: str, ident) -> int | None:
    """Count one use of `scope` by `ident`; the seconds to wait when over the
    limit (settings.ABUSE_LIMITS[scope]), else None."""
    limit, period = parse_rate(settings.ABUSE_LIMITS[scope])
    window = int(time.time()) // period
    key = f"ratelimit:{scope}:{ident}:{window}"
    try:
        cache.add(key, 0, timeout=period)
        used = cache.incr(key)
    except (RedisError, OSError, ValueError) as exc:
        logger.warning("rate limit cache unavailable, %s allowed: %r", scope, exc)
        return None
    if used > limit:
        return max(1, (window + 1) * period - int(time.time()))
    return None


def limit_message(wait: int) -> str:
    minutes = max(1, (wait + 59) // 60)
    return _(
        "Terlalu banyak permintaan dalam waktu singkat. Coba lagi dalam %(minutes)s menit."
    ) % {"minutes": minutes}
