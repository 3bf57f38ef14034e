"""What /healthz checks: the database and Redis, each with a short timeout, and the
read replica when one is configured."""

import redis
from django.conf import settings
from django.db import connection

from core.db_router import replica_enabled, replica_usable


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "down"
        return False


def check_redis() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except Exception:  # any failure means "down"
        return False


def check_replica() -> bool | None:
    """None without a replica; else whether it answers (a replica that does not is
    not an outage: its reads go to the database, see core/db_router.py)."""
    if not replica_enabled():
        return None
    return replica_usable(fresh=True)
