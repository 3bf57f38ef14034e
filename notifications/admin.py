from django.contrib import admin

from .models import Notification, SentReminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("object_ref", "period")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """Read-only: the records are the reminders' notifications (a view)."""

    list_display = ("kind", "object_ref", "period", "user", "created_at")
    list_filter = ("kind", "period")
    raw_id_fields = ("user", "notification")
    list_select_related = ("user",)
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
