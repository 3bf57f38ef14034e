"""Staff admin of people across scopes (docs/security.md): on a person's page, the
identity and what every cooperative and enterprise recorded about them; the
reconciliation queue, where staff decide whether a name supplied by a scope
becomes the identity's name. Registered from cooperatives.admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CooperativeRole, Enterprise, PersonReconciliation


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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class RoleRecordInline(ReadOnlyInline):
    model = CooperativeRole
    fk_name = "person"
    verbose_name = _("catatan koperasi")
    verbose_name_plural = _("catatan koperasi (nama dan kontak yang diberikan)")
    fields = (
        "cooperative",
        "role",
        "person_name",
        "person_phone",
        "person_email",
        "starts_on",
        "ends_on",
    )


class EnterpriseRecordInline(ReadOnlyInline):
    model = Enterprise
    fk_name = "owner"
    verbose_name = _("catatan UMKM")
    verbose_name_plural = _("catatan UMKM (nama pemilik yang diberikan)")
    fields = ("name", "district", "owner_name")


class ReconciliationInline(ReadOnlyInline):
    model = PersonReconciliation
    fields = ("supplied_name", "source", "district", "cooperative", "status")


def _resolve(modeladmin, request, queryset, *, accept: bool, done_message) -> None:
    from .admin import run_for_each  # the shared per-row runner

    run_for_each(
        modeladmin,
        request,
        queryset,
        lambda pk: services.reconciliation_resolve(
            reconciliation_id=pk, accept=accept, by=request.user
        ),
        done_message,
    )


@admin.action(description=_("Terima nama yang diberikan sebagai nama identitas"))
def accept_supplied_names(modeladmin, request, queryset):
    _resolve(
        modeladmin,
        request,
        queryset,
        accept=True,
        done_message=_("%(count)s nama diterima sebagai nama identitas."),
    )


@admin.action(description=_("Pertahankan nama identitas"))
def keep_identity_names(modeladmin, request, queryset):
    _resolve(
        modeladmin,
        request,
        queryset,
        accept=False,
        done_message=_("%(count)s nama identitas dipertahankan."),
    )


@admin.register(PersonReconciliation)
class PersonReconciliationAdmin(AgencyStaffOnlyMixin, admin.ModelAdmin):
    list_display = (
        "supplied_name",
        "identity_name",
        "source",
        "district",
        "cooperative",
        "status",
        "created_at",
    )
    list_filter = ("status", "source", "district")
    list_select_related = ("person", "district", "cooperative")
    search_fields = ("supplied_name", "person__name")
    actions = [accept_supplied_names, keep_identity_names]
    raw_id_fields = ("person",)

    @admin.display(description=_("nama identitas"), ordering="person__name")
    def identity_name(self, item):
        return item.person.name

    # Items come from the services; staff decide them with the actions only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
