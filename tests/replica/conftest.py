"""A live streaming standby of the test primary (scripts/with_replica.py): helpers
to wait for it to replay the primary's WAL, to pause its replay, and to stop it."""

import importlib.util
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "with_replica.py"

if not os.environ.get("DATABASE_REPLICA_URL"):  # named explicitly, without a standby
    raise pytest.UsageError(
        "tests/replica needs a live standby: run `make test-replica`, or "
        "`python scripts/with_replica.py -- pytest tests/replica` with DATABASE_URL set."
    )


def _with_replica():
    spec = importlib.util.spec_from_file_location("with_replica", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def standby():
    """The running standby; a test that stops it gets it started again."""
    server = _with_replica().Standby.from_env()
    yield server
    if not server.running():
        server.start()


def scalar(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def primary_lsn() -> str:
    return scalar("default", "SELECT pg_current_wal_lsn()::text")


def replayed(lsn: str) -> bool:
    return scalar("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])


def wait_for_replay(seconds: float = 30) -> None:
    """Until the standby has replayed everything the primary wrote so far."""
    lsn = primary_lsn()
    deadline = time.monotonic() + seconds
    while not replayed(lsn):
        assert time.monotonic() < deadline, f"the standby never replayed {lsn}"
        time.sleep(0.05)


@contextmanager
def replay_paused():
    """The standby keeps receiving WAL but applies none of it: what it serves is
    frozen, so a read that sees a newer row was not served by it."""
    wait_for_replay()
    scalar("replica", "SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        scalar("replica", "SELECT pg_wal_replay_resume()::text")
