"""The benchmark's environment: a dedicated `kukm_bench` database derived from
DATABASE_URL, Redis database 12, DEBUG off, and no throttling. Set before Django
is imported."""

import os
from urllib.parse import urlsplit, urlunsplit

# BENCH_DB lets two benchmarks (or two people) keep separate seeded databases.
BENCH_DB = os.environ.get("BENCH_DB", "kukm_bench")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kukm"
PROTECTED = {"kukm", "kukm_me"}


def bench_database_url(scale: str = "full", url: str | None = None) -> str:
    """DATABASE_URL with its database name replaced by `kukm_bench` (full scale)
    or `kukm_bench_tenth`, so both scales stay seeded side by side."""
    parts = urlsplit(url or os.environ.get("DATABASE_URL") or DEFAULT_URL)
    name = BENCH_DB if scale == "full" else f"{BENCH_DB}_{scale}"
    return urlunsplit(parts._replace(path="/" + name))


def admin_dsn(url: str) -> str:
    """The same server, database `postgres`: for CREATE DATABASE."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def libpq_dsn(url: str) -> str:
    """psycopg accepts postgresql:// and postgres:// URLs as they are."""
    return url


def configure(scale: str) -> str:
    url = bench_database_url(scale)
    name = urlsplit(url).path.lstrip("/")
    if name in PROTECTED or name.startswith("test_"):
        raise SystemExit(f"refusing to benchmark on database {name!r}")
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = (
        os.environ.get("BENCH_REDIS_URL")
        or os.environ.get("REDIS_URL")
        or "redis://127.0.0.1:6379/12"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kukm_portal.settings.local")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["API_THROTTLE_RATE"] = "100000000/minute"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["CONN_MAX_AGE"] = "600"
    return url
