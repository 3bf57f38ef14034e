"""Staff admin for the registry: search, filters, change history, import/export and
the annual report workflow actions. Changelists skip the full-table count."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit.models import PersonalDataAccess
from audit.services import personal_data_access_record
from core.admin_imports import CheckedImportExportMixin
from core.paginators import LargeTablePaginator

from . import admin_imports_jobs, services  # noqa: F401 -- the first registers itself
from .admin_people import (
    EnterpriseRecordInline,
    ReconciliationInline,
    RoleRecordInline,
)
from .models import (
    AnnualReport,
    Cluster,
    Cooperative,
    CooperativeRole,
    District,
    Enterprise,
    Person,
    SubDistrict,
)
from .resources import CooperativeResource, EnterpriseResource

NIK_LENGTH = 16

admin.site.site_header = _("Portal KUKM Kalimantan Timur")
admin.site.site_title = _("Portal KUKM Kaltim")
admin.site.index_title = _("Administrasi")


class FastChangelistMixin:
    # No COUNT(*) of the whole table: neither the "of N" total nor, unfiltered,
    # the paginator's (it takes the planner's estimate on big tables).
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 50


class SubDistrictInline(admin.TabularInline):
    model = SubDistrict
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "bps_code", "name", "kind", "seat")
    search_fields = ("code", "name")
    inlines = [SubDistrictInline]


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district")
    list_filter = ("district",)
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


class CooperativeRoleInline(admin.TabularInline):
    model = CooperativeRole
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "role", "position", "starts_on", "ends_on")


class AnnualReportInline(admin.TabularInline):
    model = AnnualReport
    extra = 0
    fields = ("fiscal_year", "rat_held_on", "status", "members_male", "members_female")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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


@admin.register(Cooperative)
class CooperativeAdmin(
    FastChangelistMixin, CheckedImportExportMixin, SimpleHistoryAdmin
):
    resource_classes = [CooperativeResource]
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
    )
    search_fields = ("name", "=nik", "legal_entity_number")
    list_select_related = ("district",)
    autocomplete_fields = ("sub_district", "cluster")
    date_hierarchy = "created_at"
    readonly_fields = ("last_rat_on", "created_at", "updated_at")
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


def run_for_each(modeladmin, request, queryset, call, done_message) -> int:
    """Run a service per selected row: a refused row is reported, the others go on.
    Shared by every app's admin actions."""
    done = 0
    for pk in queryset.order_by("pk").values_list("pk", flat=True):
        try:
            call(pk)
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"#{pk}: {' '.join(exc.messages)}", messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, done_message % {"count": done}, messages.SUCCESS
        )
    return done


@admin.action(description=_("Verifikasi laporan terpilih"))
def verify_reports(modeladmin, request, queryset):
    run_for_each(
        modeladmin,
        request,
        queryset,
        lambda pk: services.annual_report_verify(report_id=pk, by=request.user),
        _("%(count)s laporan diverifikasi."),
    )


@admin.register(AnnualReport)
class AnnualReportAdmin(FastChangelistMixin, SimpleHistoryAdmin):
    list_display = (
        "cooperative",
        "fiscal_year",
        "rat_held_on",
        "status",
        "district",
        "submitted_at",
    )
    list_filter = ("status", "fiscal_year", "district")
    search_fields = ("cooperative__name", "=cooperative__nik")
    list_select_related = ("cooperative", "district")
    raw_id_fields = ("cooperative",)
    date_hierarchy = "rat_held_on"
    actions = [verify_reports]
    readonly_fields = (
        "status",
        "return_reason",
        "submitted_at",
        "verified_at",
        "verified_by",
        "district",
    )
    change_form_template = "admin/cooperatives/annualreport/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if (
            obj is not None
            and not obj.is_editable
            and obj.status != AnnualReport.Status.SUBMITTED
        ):
            return [f.name for f in self.model._meta.fields if f.name != "id"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # A verified report is a frozen snapshot and the source of the cooperative's
        # last RAT date (and so of *active*): deleting it would leave both stale.
        if obj is not None and obj.status == AnnualReport.Status.VERIFIED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # "Delete selected" checks no row, so it would delete verified reports too.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def response_change(self, request, obj):
        for key, service, message in (
            ("_verify", services.annual_report_verify, _("Laporan diverifikasi.")),
            (
                "_return",
                services.annual_report_return,
                _("Laporan dikembalikan ke koperasi."),
            ),
        ):
            if key in request.POST:
                kwargs = (
                    {"reason": request.POST.get("return_reason_input", "")}
                    if key == "_return"
                    else {}
                )
                try:
                    service(report_id=obj.pk, by=request.user, **kwargs)
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                else:
                    self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


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


@admin.register(Enterprise)
class EnterpriseAdmin(
    FastChangelistMixin, NikExportMixin, CheckedImportExportMixin, SimpleHistoryAdmin
):
    resource_classes = [EnterpriseResource]
    list_display = ("name", "nib", "district", "kbli", "scale", "employees")
    list_filter = ("scale", "district", "kbli_version")
    search_fields = ("name", "=nib", "=kbli")
    list_select_related = ("district",)
    raw_id_fields = ("owner", "cooperative")
    autocomplete_fields = ("sub_district",)
    date_hierarchy = "created_at"
    readonly_fields = ("scale", "scale_override_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        # A scale override is recorded with the staff member who set it (as
        # enterprise_update does), never typed in.
        if "scale_override" in form.changed_data:
            obj.scale_override_by = request.user if obj.scale_override else None
        super().save_model(request, obj, form, change)


class PersonAdminForm(forms.ModelForm):
    """The NIK in clear on the person's own page (staff need it whole there); it is
    stored through Person.nik, encrypted, and validated by the model."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Person
        fields = ("nik", "name", "sex", "phone", "email", "user")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("nik", self.instance.nik)

    def clean(self):
        cleaned = super().clean()
        # Before the model's own validation (_post_clean) sees the instance.
        self.instance.nik = cleaned.get("nik") or ""
        return cleaned


@admin.register(Person)
class PersonAdmin(FastChangelistMixin, SimpleHistoryAdmin):
    form = PersonAdminForm
    list_display = ("name", "masked_nik", "sex", "phone", "email")
    list_filter = ("sex",)
    search_fields = ("name", "email")
    # Name or email here; a NIK goes through the POST lookup beside the search box.
    search_help_text = _("Nama atau surel. Cari NIK dengan formulir NIK.")
    change_list_template = "admin/cooperatives/person/change_list.html"
    raw_id_fields = ("user",)
    # The identity above, what each scope recorded below (staff see them all).
    inlines = [RoleRecordInline, EnterpriseRecordInline, ReconciliationInline]

    def render_change_form(self, request, context, add=False, change=False, **kw):
        # Every page that shows a stored person's whole NIK (the change and view
        # pages, and again when a submitted form comes back with errors).
        obj = kw.get("obj")
        if obj is not None and obj.pk:
            self.record_nik_view(request, obj)
        return super().render_change_form(request, context, add, change, **kw)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version's page shows the NIK it had, whole.
        response = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        if response.status_code == 200:
            self.record_nik_view(request, int(object_id), reason="history")
        return response

    def record_nik_view(self, request, person, reason: str = "") -> None:
        personal_data_access_record(
            action=PersonalDataAccess.Action.VIEW_NIK,
            request=request,
            person_id=getattr(person, "pk", person),
            reason=reason,
        )

    def get_urls(self):
        lookup = path(
            "cari-nik/",
            self.admin_site.admin_view(self.find_by_nik_view),
            name="cooperatives_person_find_by_nik",
        )
        return [lookup, *super().get_urls()]

    def find_by_nik_view(self, request):
        """A person by whole NIK, sent by POST so that the NIK never sits in a URL
        (access logs, browser history); found by its keyed hash."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        nik = request.POST.get("nik", "").strip()
        person = Person.objects.get_by_nik(nik) if len(nik) == NIK_LENGTH else None
        # Found or not, a lookup by a whole NIK is recorded (it tells whether the
        # NIK exists).
        personal_data_access_record(
            action=PersonalDataAccess.Action.FIND_BY_NIK,
            request=request,
            person_id=person.pk if person else None,
        )
        if person is None:
            self.message_user(
                request,
                _("Tidak ada orang dengan NIK itu. Periksa 16 digitnya."),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:cooperatives_person_changelist"))
        return HttpResponseRedirect(
            reverse("admin:cooperatives_person_change", args=[person.pk])
        )


@admin.register(CooperativeRole)
class CooperativeRoleAdmin(FastChangelistMixin, SimpleHistoryAdmin):
    list_display = (
        "person",
        "person_name",
        "cooperative",
        "role",
        "position",
        "starts_on",
        "ends_on",
    )
    list_filter = ("role", "position")
    search_fields = ("person__name", "person_name", "cooperative__name")
    raw_id_fields = ("person", "cooperative")
    list_select_related = ("person", "cooperative")
