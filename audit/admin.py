"""The personal data access trail for agency staff: listed and filtered, never
added, changed or deleted here (only the code that shows the data writes it)."""

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from core.paginators import LargeTablePaginator

from .models import PersonalDataAccess


def _is_agency_staff(request) -> bool:
    return getattr(request.user, "is_agency_staff", False)  # False when anonymous


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "at_wita",
        "actor",
        "action",
        "person_id",
        "export_kind",
        "rows",
        "file_format",
        "ip_address",
        "reason",
    )
    # Only the few accounts that appear in the trail, not every officer's.
    list_filter = ("action", "at", ("user", admin.RelatedOnlyFieldListFilter))
    search_fields = ("actor", "=person_id", "reason")
    date_hierarchy = "at"
    list_select_related = ("user",)
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50
    fields = (
        "at_wita",
        "user",
        "actor",
        "action",
        "person_id",
        "export_kind",
        "rows",
        "file_format",
        "reason",
        "ip_address",
        "user_agent",
    )
    readonly_fields = fields

    @admin.display(description=_("waktu (WITA)"), ordering="at")
    def at_wita(self, obj):
        return formats.date_format(timezone.localtime(obj.at), "j F Y, H.i.s")

    def has_view_permission(self, request, obj=None):
        # Agency staff only: district staff with an admin login never read who
        # looked at whom.
        return _is_agency_staff(request) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return _is_agency_staff(request) and super().has_module_permission(request)
