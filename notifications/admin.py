from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceAdminMixin, Writes, run_for_each

from .deliveries import delivery_resend
from .models import Delivery, Notification, PhoneNumber, SentReminder
from .selectors import (
    delivery_monthly_counts,
    phone_opt_outs_by_month,
    preference_opt_outs_by_month,
)
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services: listed, never added, changed or
    deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    """Read-only: the records are the reminders' notifications (a view)."""

    list_display = ("kind", "object_ref", "period", "user", "created_at")
    list_filter = ("kind", "period")
    raw_id_fields = ("user", "notification")
    list_select_related = ("user",)
    show_full_result_count = False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Read-only: the WhatsApp/SMS messages and their fate (failures staff can
    see and resend); the cost view counts them per month."""

    list_display = ("notification", "channel", "address", "status", "attempts", "created_at", "sent_at", "delivered_at")  # fmt: skip
    list_filter = ("channel", "status")
    search_fields = ("address", "provider_id")
    raw_id_fields = ("notification",)
    list_select_related = ("notification",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["resend"]
    change_list_template = "admin/notifications/delivery/change_list.html"

    @admin.action(description=_("Kirim ulang (gagal atau tidak pasti)"))
    def resend(self, request, queryset):
        run_for_each(
            self, request, queryset,
            lambda pk: delivery_resend(delivery_id=pk),
            _("%(count)s pesan dijadwalkan ulang."),
        )  # fmt: skip

    def get_urls(self):
        view = self.admin_site.admin_view(self.costs_view)
        return [
            path("biaya/", view, name="notifications_delivery_costs"),
            *super().get_urls(),
        ]

    def costs_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Pesan per saluran per bulan"),
            "rows": delivery_monthly_counts(),
            "opt_outs": phone_opt_outs_by_month(),
            "choices_off": preference_opt_outs_by_month(),
        }
        return TemplateResponse(
            request, "admin/notifications/delivery/costs.html", context
        )


@admin.register(PhoneNumber)
class PhoneNumberAdmin(ReadOnlyAdmin):
    """Read-only: the numbers WhatsApp/SMS go to, and whether verified."""

    list_display = ("user", "number", "verified_at")
    search_fields = ("user__username", "number")
    raw_id_fields = ("user",)
    list_select_related = ("user",)
