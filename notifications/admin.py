from django.contrib import admin

from core.admin import ServiceAdminMixin, Writes

from .models import Notification, SentReminder
from .services import notification_create

# The fields staff fill in to send a notification (a reminder's key is set only
# by the reminders themselves).
ADD_FIELDS = ("user", "kind", "title", "body", "link")


@admin.register(Notification)
class NotificationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """A notification is sent through `notification_create` (its email queued
    like any other); once sent it is a record of what the user was told: never
    edited, never deleted here (a user's notifications go with the user)."""

    writes = Writes(create=lambda data, by: notification_create(**data))
    list_display = ("title", "user", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("object_ref", "period")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else super().get_fields(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
