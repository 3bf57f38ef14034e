"""The actor of the writes nobody clicked: Celery tasks and management commands.

The change history (django-simple-history) takes its actor from the request; a
task or a command has none, so its changes would name nobody. They name the
`sistem` account instead: inactive, without a password, so it can never sign in
and its scope is empty (accounts.scope). It is created by a data migration, and
again on first use after a test's flush.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.utils.functional import SimpleLazyObject
from simple_history.models import HistoricalRecords

from .models import User

SYSTEM_USERNAME = "sistem"


def system_user() -> User:
    """The `sistem` account: the `by` of services called by tasks and commands."""
    return User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "first_name": "Sistem",
            "last_name": "(tugas terjadwal dan perintah)",
            "role": User.Role.STAFF,
            "is_active": False,
            "is_staff": False,
            "password": make_password(None),  # unusable
        },
    )[0]


@contextmanager
def acting_as(user=None) -> Iterator[None]:
    """History records made inside the block name `user` (by default the system
    account, looked up only when a record is written). A request already in
    progress on this thread keeps its own user."""
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None:
        yield
        return
    context.request = SimpleNamespace(user=user or SimpleLazyObject(system_user))
    try:
        yield
    finally:
        del context.request
