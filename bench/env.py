"""The benchmark's environment: a dedicated `kukm_bench` database derived from
DATABASE_URL, Redis database 12, DEBUG off, and no throttling. Set before Django
is imported."""

import base64
import json
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# BENCH_DB lets two benchmarks (or two people) keep separate seeded databases.
BENCH_DB = os.environ.get("BENCH_DB", "kukm_bench")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kukm"
PROTECTED = {"kukm", "kukm_me"}


def bench_database_url(scale: str = "province", url: str | None = None) -> str:
    """DATABASE_URL with its database name replaced by `kukm_bench` (province
    scale) or `kukm_bench_tenth`, so both scales stay seeded side by side."""
    parts = urlsplit(url or os.environ.get("DATABASE_URL") or DEFAULT_URL)
    name = BENCH_DB if scale == "province" else f"{BENCH_DB}_{scale}"
    return urlunsplit(parts._replace(path="/" + name))


def admin_dsn(url: str) -> str:
    """The same server, database `postgres`: for CREATE DATABASE."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def libpq_dsn(url: str) -> str:
    """psycopg accepts postgresql:// and postgres:// URLs as they are."""
    return url


KEYS_FILE = Path(__file__).resolve().parent.parent / ".data" / "bench-keys.json"
KEY_NAMES = ("NIK_ENCRYPTION_KEY", "NIK_HMAC_KEY", "BACKUP_ENCRYPTION_KEY")


def bench_keys() -> dict[str, str]:
    """Keys of this machine's bench database. The bench runs with DEBUG off, which
    refuses the repository's public keys (kukm_portal/settings/public_keys.py), so
    the first run makes its own, kept under .data/ (never committed) so that a
    seeded bench database stays readable from one run to the next."""
    if KEYS_FILE.exists():
        return json.loads(KEYS_FILE.read_text())
    keys = {
        name: base64.urlsafe_b64encode(os.urandom(32)).decode() for name in KEY_NAMES
    }
    KEYS_FILE.parent.mkdir(parents=True, exist_ok=True)
    KEYS_FILE.write_text(json.dumps(keys))
    KEYS_FILE.chmod(0o600)
    return keys


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
    for name, key in bench_keys().items():
        os.environ.setdefault(name, key)
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["API_THROTTLE_RATE"] = "100000000/minute"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["CONN_MAX_AGE"] = "600"
    return url
