"""Reports and the dashboard read from a PostgreSQL read replica when one is set
(DATABASE_REPLICA_URL): they scan years of data and tolerate a few seconds of
replication lag, while every write and every other read stays on `default`, so a
user always sees what they just saved.

Code opts in with `with replica_reads():` (or `@replica_reads()`); the choice is a
context variable, so it follows the code that runs, not the model."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES and settings.REPORTS_READ_FROM_REPLICA


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when enabled); usable as a decorator too."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def primary_reads():
    """Inside replica_reads, a read that must see the latest write."""
    token = _replica_reads.set(False)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and replica_enabled():
            return REPLICA
        return None  # default

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows default by streaming replication; never migrate it.
        return db != REPLICA
