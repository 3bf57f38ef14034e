"""A record's change history as people read it: each historical record becomes an
entry — when (WITA), who, what happened and why, and one line per field that
changed (label, before, after, each formatted). A record with nothing to show (no
field changed and no reason) is left out; a creation or a deletion always shows.

The related rows a page names are fetched once per related model, so a page costs
the same few queries however many records it holds."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .actors import START_REASON, actor_label
from .reasons import reason_words
from .values import field_value, format_time, is_secret

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping no one reads as a change of the record.
SKIPPED = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class Line:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: object
    at: str
    actor: str
    action: str  # "created", "start", "changed", "deleted"
    action_label: str
    reason: str
    lines: list[Line] = field(default_factory=list)


def _fields(historical) -> list:
    return [
        f
        for f in historical._meta.concrete_fields
        if not f.name.startswith("history_") and f.name not in SKIPPED
    ]


def _related_names(records, fields) -> dict:
    """(related model, pk) → the row's name, one query per related model."""
    wanted = defaultdict(set)
    for f in fields:
        if f.is_relation:
            for record in records:
                if (value := getattr(record, f.attname)) is not None:
                    wanted[f.related_model].add(value)
    names = {}
    user_model = get_user_model()
    for model, pks in wanted.items():
        for pk, row in model._base_manager.in_bulk(pks).items():
            if model is user_model:
                names[(model, pk)] = row.get_full_name() or row.get_username()
            else:
                names[(model, pk)] = str(row)
    return names


def _lines(fields, record, previous, related) -> list[Line]:
    lines = []
    for f in fields:
        old, new = getattr(previous, f.attname), getattr(record, f.attname)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        label = capfirst(str(f.verbose_name))
        if is_secret(f):
            lines.append(Line(label, _("(tersembunyi)"), _("diubah")))
            continue
        lines.append(
            Line(label, field_value(f, old, related), field_value(f, new, related))
        )
    return lines


def _action(record, reason: str) -> tuple[str, str]:
    kind = ACTIONS.get(record.history_type, "changed")
    if kind == "created" and reason == START_REASON:
        return "start", _("Catatan awal")
    return kind, {
        "created": _("Dibuat"),
        "changed": _("Diubah"),
        "deleted": _("Dihapus"),
    }[kind]


def history_entries(records, *, older=None) -> list[Entry]:
    """`records`: one row's historical records, newest first (a page of them);
    `older`: the record just before the last one, if any (the next page's first),
    so that the last record on a page shows what it changed too."""
    records = list(records)
    if not records:
        return []
    historical = type(records[0])
    fields = _fields(historical)
    related = _related_names([*records, *([older] if older else [])], fields)
    status = next((f for f in fields if f.name == "status" and f.choices), None)
    status_labels = {k: str(v) for k, v in status.flatchoices} if status else {}
    followers = [*records[1:], older]
    entries = []
    for record, previous in zip(records, followers, strict=True):
        code = record.history_change_reason or ""
        action, action_label = _action(record, code)
        lines = []
        if action == "changed" and previous is not None:
            lines = _lines(fields, record, previous, related)
        reason = "" if action == "start" else reason_words(code, record, status_labels)
        if reason == action_label:
            reason = ""
        if action == "changed" and not lines and not reason:
            continue  # nothing anyone could read in it
        entries.append(
            Entry(
                record=record,
                at=format_time(record.history_date),
                actor=actor_label(record.history_user, record.history_change_reason),
                action=action,
                action_label=action_label,
                reason=reason,
                lines=lines,
            )
        )
    return entries
