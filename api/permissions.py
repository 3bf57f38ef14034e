from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsApiClient(BasePermission):
    """API tokens, agency staff and district staff; officers use the portal."""

    message = _("API ini untuk dinas provinsi dan dinas kabupaten/kota.")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or user.role in ("staff", "district")
