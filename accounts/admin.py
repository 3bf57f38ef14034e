from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken, User
from .tokens import api_token_revoke


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "district",
        "is_staff",
    )
    list_filter = ("role", "district", "is_staff", "is_active")
    list_select_related = ("district",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Peran dan wilayah"), {"fields": ("role", "district")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Peran dan wilayah"), {"fields": ("email", "role", "district")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py issue_api_token` (the key is shown once);
    here staff see them and revoke them."""

    list_display = (
        "name",
        "district",
        "key_prefix",
        "created_at",
        "last_used_at",
        "expiry",
        "revoked_at",
    )
    list_filter = ("district", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "key_prefix")
    readonly_fields = (
        "name",
        "key_prefix",
        "user",
        "district",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    fields = (
        "name",
        "key_prefix",
        "user",
        "district",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_select_related = ("district",)
    actions = ["revoke"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kedaluwarsa"), ordering="expires_at")
    def expiry(self, token):
        """The date, and a warning once fewer than API_TOKEN_EXPIRY_WARNING_DAYS
        are left, so that staff issue a new token before a district is cut off."""
        day = date_format(timezone.localtime(token.expires_at), "j F Y")
        if token.revoked_at:
            return day
        if token.expires_at <= timezone.now():
            return format_html(
                '{} <strong class="kukm-lapsed">{}</strong>', day, _("kedaluwarsa")
            )
        days = token.days_left
        if days >= settings.API_TOKEN_EXPIRY_WARNING_DAYS:
            return day
        warning = (
            ngettext(
                "akan kedaluwarsa dalam %(days)s hari",
                "akan kedaluwarsa dalam %(days)s hari",
                days,
            )
            % {"days": days}
            if days
            else _("akan kedaluwarsa hari ini")
        )
        return format_html('{} <strong class="kukm-lapsing">{}</strong>', day, warning)

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        for name in queryset.values_list("name", flat=True):
            api_token_revoke(name=name)
        self.message_user(request, _("Token dicabut."), messages.SUCCESS)
