"""The secondary indexes a first load left for after its commit and not yet
built (services/imports/deferred_indexes.py): agency staff see which ones failed,
why and when, read-only (every sweep tries them again)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AgencyStaffOnlyMixin, ReadOnlyAdminMixin
from core.history import format_time

from ..models import DeferredIndex


@admin.register(DeferredIndex)
class DeferredIndexAdmin(ReadOnlyAdminMixin, AgencyStaffOnlyMixin, admin.ModelAdmin):
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

    @admin.display(description=_("dicatat"), ordering="created")
    def recorded_at(self, index):
        return format_time(index.created)

    @admin.display(description=_("percobaan terakhir"), ordering="last_attempt")
    def last_attempt_at(self, index):
        return format_time(index.last_attempt) if index.last_attempt else "—"
