"""Cooperatives and enterprises: search, filters, change history, import/export;
every save goes through the registry services, as in the API and the portal. The
"Impor" button opens the background import's upload page for the kind (the
pipeline the API uses); the export reads its rows through the selectors."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from core.admin import (
    AgencyStaffOnlyMixin,
    FastChangelistMixin,
    HistoryAdmin,
    PipelineImportExportMixin,
    ServiceAdminMixin,
    Writes,
)

from .. import selectors, services
from ..models import AnnualReport, Cooperative, CooperativeRole, Enterprise
from ..resources import CooperativeResource, EnterpriseResource

ROLE_WRITES = Writes(
    create=services.cooperative_role_record,
    update=lambda pk, **kw: services.cooperative_role_correct(role_id=pk, **kw),
    delete=lambda pk, **kw: services.cooperative_role_delete(role_id=pk, **kw),
)


class CooperativeRoleInline(admin.TabularInline):
    model = CooperativeRole
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "role", "position", "starts_on", "ends_on")
    writes = ROLE_WRITES


class AnnualReportInline(admin.TabularInline):
    model = AnnualReport
    extra = 0
    fields = ("fiscal_year", "rat_held_on", "status", "members_male", "members_female")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class VillageMatchFilter(admin.SimpleListFilter):
    """The rows whose free-text village matched no coded village: for staff to
    settle by choosing the village."""

    title = _("desa/kelurahan")
    parameter_name = "desa"

    def lookups(self, request, model_admin):
        return [
            ("unmatched", _("Desa belum dicocokkan")),
            ("coded", _("Desa terkode")),
            ("none", _("Tanpa desa")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "unmatched":
                return queryset.filter(village__isnull=True).exclude(village_name="")
            case "coded":
                return queryset.filter(village__isnull=False)
            case "none":
                return queryset.filter(village__isnull=True, village_name="")
        return queryset


class ActiveFilter(admin.SimpleListFilter):
    title = _("status aktif")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Aktif")), ("no", _("Tidak aktif"))]

    def queryset(self, request, queryset):
        year = timezone.localdate().year
        if self.value() == "yes":
            return queryset.active_in(year)
        if self.value() == "no":
            return queryset.inactive_in(year)
        return queryset


class RegistryExportMixin(PipelineImportExportMixin):
    """Import through the ImportJob pipeline; export the changelist's rows (its
    filters, search and selection) as the selector reads them for the user."""

    import_kind = ""
    import_permission = "cooperatives.add_importjob"
    export_selector = None

    @property
    def import_url(self):
        return ("admin:cooperatives_importjob_add", f"kind={self.import_kind}")

    def get_export_queryset(self, request):
        chosen = super().get_export_queryset(request)
        rows = self.export_selector(scope=Scope.for_user(request.user))
        return rows.filter(pk__in=chosen.values("pk")).order_by("pk")


class CooperativeAdminForm(forms.ModelForm):
    """The model's fields (the admin's fieldsets name them), and why a KDMP's
    cooperative changes village."""

    service_fields = (services.VILLAGE_CHANGE_REASON,)
    village_change_reason = forms.CharField(
        label=_("Alasan pindah desa/kelurahan"),
        max_length=255,
        required=False,
        help_text=_("Wajib bila koperasi ini KDMP dan desa/kelurahannya diubah."),
    )


@admin.register(Cooperative)
class CooperativeAdmin(
    ServiceAdminMixin,
    FastChangelistMixin,
    RegistryExportMixin,
    HistoryAdmin,
):
    form = CooperativeAdminForm
    resource_classes = [CooperativeResource]
    import_kind = "cooperatives"
    export_selector = staticmethod(selectors.cooperative_export_list)
    writes = Writes(
        create=services.cooperative_create,
        update=lambda pk, **kw: services.cooperative_update(cooperative_id=pk, **kw),
        delete=lambda pk, **kw: services.cooperative_delete(cooperative_id=pk, **kw),
    )
    list_display = (
        "name",
        "nik",
        "district",
        "kind",
        "status",
        "active_display",
        "last_rat_on",
    )
    list_filter = (
        ActiveFilter,
        "district",
        "kind",
        "management",
        "status",
        "form",
        "cluster",
        VillageMatchFilter,
    )
    search_fields = ("name", "=nik", "legal_entity_number")
    list_select_related = ("district",)
    autocomplete_fields = ("sub_district", "village", "cluster")
    date_hierarchy = "created_at"
    readonly_fields = ("last_rat_on", "village_name", "created_at", "updated_at")
    inlines = [AnnualReportInline, CooperativeRoleInline]
    fieldsets = (
        (None, {"fields": ("name", "nik", "status")}),
        (
            _("Klasifikasi"),
            {
                "fields": (
                    "kind",
                    "form",
                    "management",
                    "membership_area",
                    "cluster",
                    "sector",
                    "loop_status",
                )
            },
        ),
        (
            _("Alamat"),
            {
                "fields": (
                    "district",
                    "sub_district",
                    "village",
                    "village_change_reason",
                    "village_name",
                    "address",
                    "postal_code",
                )
            },
        ),
        (
            _("Badan hukum"),
            {
                "fields": (
                    "legal_entity_number",
                    "legal_entity_date",
                    "established_on",
                    "npwp",
                )
            },
        ),
        (_("Kontak"), {"fields": ("phone", "email")}),
        (_("RAT"), {"fields": ("last_rat_on", "created_at", "updated_at")}),
    )

    @admin.display(description=_("aktif"), boolean=True)
    def active_display(self, obj):
        return obj.is_active


class NikExportMixin:
    """The export holds owners' NIKs in full: agency staff only, and every export
    leaves a personal data access record and an admin log entry (who, when, from
    where, how many rows)."""

    def has_export_permission(self, request):
        return services.may_export_nik(request.user) and super().has_export_permission(
            request
        )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        services.record_nik_export(
            user=request.user,
            model=self.model,
            rows=queryset.count(),
            file_format=file_format.get_title(),
            request=request,
        )
        return data


def _enterprise_create(*, data: dict, by) -> Enterprise:
    """Staff pick the owner's identity itself; the service takes it by its NIK, as
    from every other caller (the name recorded here is the identity's unless
    given)."""
    data = dict(data)
    owner = data.pop("owner", None)
    if owner is not None:
        data["owner_nik"] = owner.nik
        data["owner_name"] = data.get("owner_name") or owner.name
    return services.enterprise_create(data=data, by=by)


@admin.action(description=_("Verifikasi UMKM terpilih (pendaftaran pemilik)"))
def verify_selected(modeladmin, request, queryset):
    for enterprise in queryset.filter(status=Enterprise.Status.PENDING):
        try:
            services.enterprise_verify(enterprise_id=enterprise.pk, by=request.user)
        except (ValidationError, Enterprise.DoesNotExist):
            continue
        modeladmin.message_user(
            request, _("%(name)s diverifikasi.") % {"name": enterprise.name}
        )


@admin.register(Enterprise)
class EnterpriseAdmin(
    AgencyStaffOnlyMixin,
    ServiceAdminMixin,
    FastChangelistMixin,
    NikExportMixin,
    RegistryExportMixin,
    HistoryAdmin,
):
    resource_classes = [EnterpriseResource]
    import_kind = "enterprises"
    export_selector = staticmethod(selectors.enterprise_export_list)
    writes = Writes(
        create=_enterprise_create,
        # enterprise_update records who set a scale override.
        update=lambda pk, **kw: services.enterprise_update(enterprise_id=pk, **kw),
        delete=lambda pk, **kw: services.enterprise_delete(enterprise_id=pk, **kw),
    )
    list_display = ("name", "nib", "district", "kbli", "scale", "employees", "status")
    # The entry date as a filter of fixed ranges, not a date hierarchy: that one
    # reads every enterprise for its first and last date and its list of years
    # (~0.65 s of each page at the province's 344,581, issue 24).
    list_filter = (
        "status",
        "scale",
        "district",
        "kbli_version",
        VillageMatchFilter,
        ("created_at", admin.DateFieldListFilter),
    )
    actions = [verify_selected]
    search_fields = ("name", "=nib", "=kbli")
    list_select_related = ("district",)
    raw_id_fields = ("owner", "cooperative")
    autocomplete_fields = ("sub_district", "village")
    readonly_fields = (
        "village_name",
        "scale",
        "scale_override_by",
        "status",
        "owner_user",
        "created_at",
        "updated_at",
    )
