"""Staff admin for the registry: search, filters, change history, import/export and
the annual report workflow actions; every write goes through the registry services.
Changelists skip the full-table count (core.admin)."""

from . import (
    deferred_history,
    deferred_indexes,
    import_jobs,
    invitations,
    kdmp,
    people,
    regions,
    registry,
    reports,
)

__all__ = [
    "deferred_history",
    "deferred_indexes",
    "import_jobs",
    "invitations",
    "kdmp",
    "people",
    "regions",
    "registry",
    "reports",
]
