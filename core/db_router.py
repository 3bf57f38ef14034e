"""Reports and the dashboard read from a PostgreSQL read replica when one is set
(DATABASE_REPLICA_URL): they scan years of data and tolerate a few seconds of
replication lag, while every write and every other read stays on `default`, so a
user always sees what they just saved.

Code opts in with `with replica_reads():` (or `@replica_reads()`); the choice is a
context variable, so it follows the code that runs, not the model. Three things
keep the replica's lag and outages out of the users' way:

- read-your-own-writes: inside a request (ReplicaStickinessMiddleware), once
  anything is written, the rest of that request reads `default`, and so do the same
  browser's requests for REPLICA_STICKY_SECONDS after it (a short cookie);
- a replica that does not answer is left alone for REPLICA_RETRY_SECONDS and its
  reads go to `default` (the portal keeps serving; /healthz says "replica": "down");
- `primary_reads()` inside replica_reads, for a read that must see the latest write.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import Error, connections

REPLICA = "replica"
# Writes to these apps do not make the request's reads sticky: the session is
# saved on the way out of most signed-in requests and no report reads it.
NOT_STICKY_APPS = frozenset({"sessions"})


@dataclass
class _ReplicaBlock:
    usable: bool | None = None  # probed once per block, on its first read


@dataclass
class RequestReads:
    """One request's state: whether it must read `default` (a cookie from an
    earlier write) and whether it wrote."""

    sticky: bool = False
    wrote: bool = False


_replica_reads: ContextVar[_ReplicaBlock | None] = ContextVar(
    "replica_reads", default=None
)
_request: ContextVar[RequestReads | None] = ContextVar("request_reads", default=None)
_down_until = 0.0  # monotonic time before which the replica is not tried again


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES and settings.REPORTS_READ_FROM_REPLICA


def replica_usable(fresh: bool = False) -> bool:
    """Whether the replica answers now: its connection is opened (or checked when
    open); a failure marks it down for REPLICA_RETRY_SECONDS (`fresh` tries anyway:
    /healthz)."""
    global _down_until
    if not fresh and time.monotonic() < _down_until:
        return False
    connection = connections[REPLICA]
    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()
        connection.ensure_connection()
    except Error:  # cannot connect: read the primary instead
        connection.close()
        _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        return False
    _down_until = 0.0
    return True


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when enabled); usable as a decorator too."""
    token = _replica_reads.set(_ReplicaBlock())
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def primary_reads():
    """Inside replica_reads, a read that must see the latest write."""
    token = _replica_reads.set(None)
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def request_reads(sticky: bool = False):
    """The scope of one request (ReplicaStickinessMiddleware): yields its state."""
    state = RequestReads(sticky=sticky)
    token = _request.set(state)
    try:
        yield state
    finally:
        _request.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        block = _replica_reads.get()
        if block is None or not replica_enabled():
            return None  # default
        request = _request.get()
        if request is not None and (request.sticky or request.wrote):
            return None  # this user just wrote: read what they saved
        if block.usable is None:
            block.usable = replica_usable()
        return REPLICA if block.usable else None

    def db_for_write(self, model, **hints):
        request = _request.get()
        if request is not None and model._meta.app_label not in NOT_STICKY_APPS:
            request.wrote = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows default by streaming replication; never migrate it.
        return db != REPLICA
