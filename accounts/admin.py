from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


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
