"""Admin pages of people's data: agency staff only."""


def _is_agency_staff(request) -> bool:
    return getattr(request.user, "is_agency_staff", False)  # False when anonymous


class AgencyStaffOnlyMixin:
    """People's data across the province (identities, every scope's records):
    agency staff only, whatever model permissions a district user with an admin
    login was given; a scoped user reads and writes people through the API and
    the portal, which keep to its scope (docs/security.md)."""

    def has_module_permission(self, request):
        return _is_agency_staff(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _is_agency_staff(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return _is_agency_staff(request) and super().has_add_permission(
            request, *args, **kwargs
        )

    def has_change_permission(self, request, obj=None):
        return _is_agency_staff(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_agency_staff(request) and super().has_delete_permission(request, obj)

    # django-import-export's pages (its default lets any admin user import).
    def has_import_permission(self, request):
        return _is_agency_staff(request) and super().has_import_permission(request)

    def has_export_permission(self, request):
        return _is_agency_staff(request) and super().has_export_permission(request)


class ReadOnlyAdminMixin:
    """Rows the services write and staff only read (a record, a queue decided by
    actions): no add, change or delete page."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
