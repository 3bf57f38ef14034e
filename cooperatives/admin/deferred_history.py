"""The creation records a first load left for after its commit and not yet
written (services/imports/deferred_history.py): agency staff see which ranges
wait or failed, why and when, read-only (every sweep tries them again)."""

from django.contrib import admin

from ..models import DeferredHistory
from .deferred_indexes import DeferredWorkAdmin


@admin.register(DeferredHistory)
class DeferredHistoryAdmin(DeferredWorkAdmin):
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
