"""Change history people can read (issue 22): readable entries of a record's
historical records (`history_entries`), who acted (`actors`), and starting
records for rows without history (`history_start_missing`)."""

from .actors import START_REASON, acting_user, actor_label, history_by, history_note
from .entries import Entry, Line, history_entries
from .start import history_start_missing
from .values import format_date, format_time

__all__ = [
    "START_REASON",
    "Entry",
    "Line",
    "acting_user",
    "actor_label",
    "format_date",
    "format_time",
    "history_by",
    "history_entries",
    "history_note",
    "history_start_missing",
]
