"""Who made a history record. A person's change carries their user: the request's
(simple_history's middleware) or the `by` a service was given — the service sets
it with `history_note`, so a task or a command calling a service for someone
records that person. Writes nobody asked for (tasks, commands) name the inactive
`sistem` account (accounts.system_actor, set around every task and command)."""

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

# The reason of the starting record history_start_missing() writes.
START_REASON = "Catatan awal"


def acting_user(by):
    """`by` as a history record's user (simple_history's bulk helpers take it as
    `default_user`): None when nobody is named, so the request's or the task's
    actor is recorded instead."""
    return by if getattr(by, "pk", None) is not None else None


def history_note(obj, *, by=None, reason: str | None = None) -> None:
    """Before a service saves `obj`: the history records `by` as who acted (also
    in a task or a command, where no request names the user) and `reason` as why."""
    if reason is not None:
        obj._change_reason = reason
    if acting_user(by) is not None:
        obj._history_user = by


@contextmanager
def history_by(by) -> Iterator[None]:
    """Every history record made inside the block names `by`: for the rows a
    service saves in a loop or a delete cascades to, which `history_note` cannot
    reach one by one. It wins over the request's or the task's actor (a task
    acting for someone records that person) and gives it back afterwards."""
    if by is None or getattr(by, "pk", None) is None:
        yield
        return
    context = HistoricalRecords.context
    missing = object()
    previous = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=by)
    try:
        yield
    finally:
        if previous is missing:
            del context.request
        else:
            context.request = previous


def actor_label(user, reason: str | None) -> str:
    """The user's name (the `sistem` account reads "Sistem (tugas terjadwal dan
    perintah)"); a record without one: the starting record's system, or unknown
    (a public form, a row written before users were recorded)."""
    if user is not None:
        return user.get_full_name() or user.get_username()
    if reason == START_REASON:
        return _("Sistem (catatan awal)")
    return _("Tidak tercatat")
