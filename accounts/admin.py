from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

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
        "expires_at",
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

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        try:
            for name in queryset.values_list("name", flat=True):
                api_token_revoke(name=name, by=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("Token dicabut."), messages.SUCCESS)
