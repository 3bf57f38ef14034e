from django.contrib import admin

from core.admin import NumbersAdminMixin


class ReadOnlyInline(NumbersAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
