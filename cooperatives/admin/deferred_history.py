"""The creation records a first load left for after its commit and not yet
written (services/imports/deferred_history.py): agency staff see which ranges
wait or failed, why and when, read-only (every sweep tries them again)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AgencyStaffOnlyMixin, ReadOnlyAdminMixin
from core.history import format_time

from ..models import DeferredHistory


@admin.register(DeferredHistory)
class DeferredHistoryAdmin(ReadOnlyAdminMixin, AgencyStaffOnlyMixin, admin.ModelAdmin):
    list_display = (
        "table", "first_id", "last_id", "next_id", "reason", "recorded_at",
        "attempts", "last_attempt_at", "error",
    )  # fmt: skip
    list_filter = ("table",)
    search_fields = ("table", "reason")
    list_select_related = ("history_user",)
    fields = (
        "table", "first_id", "last_id", "next_id", "history_date", "history_user",
        "reason", "recorded_at", "attempts", "last_attempt_at", "error",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("dicatat"), ordering="created")
    def recorded_at(self, pending):
        return format_time(pending.created)

    @admin.display(description=_("percobaan terakhir"), ordering="last_attempt")
    def last_attempt_at(self, pending):
        return format_time(pending.last_attempt) if pending.last_attempt else "—"
