"""The secondary indexes a first load left for after its commit and not yet
built (services/imports/deferred_indexes.py): agency staff see which ones failed,
why and when, read-only (every sweep tries them again)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AgencyStaffOnlyMixin, ReadOnlyAdminMixin
from core.history import format_time

from ..models import DeferredIndex


class DeferredWorkAdmin(ReadOnlyAdminMixin, AgencyStaffOnlyMixin, admin.ModelAdmin):
    """Read-only, for agency staff: when recorded, the last failure."""

    @admin.display(description=_("dicatat"), ordering="created")
    def recorded_at(self, work):
        return format_time(work.created)

    @admin.display(description=_("percobaan terakhir"), ordering="last_attempt")
    def last_attempt_at(self, work):
        return format_time(work.last_attempt) if work.last_attempt else "—"


@admin.register(DeferredIndex)
class DeferredIndexAdmin(DeferredWorkAdmin):
    list_display = (
        "name", "table", "recorded_at", "attempts", "last_attempt_at", "error",
    )  # fmt: skip
    list_filter = ("table",)
    search_fields = ("name", "table")
    fields = (
        "name", "table", "statement", "recorded_at", "attempts",
        "last_attempt_at", "error",
    )  # fmt: skip
    readonly_fields = fields
