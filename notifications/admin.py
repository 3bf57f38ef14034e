from django.contrib import admin

from .models import Notification, SentReminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    raw_id_fields = ("user",)
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_ref", "period", "user", "created_at")
    list_filter = ("kind", "period")
    raw_id_fields = ("user", "notification")
    list_select_related = ("user",)
    show_full_result_count = False
