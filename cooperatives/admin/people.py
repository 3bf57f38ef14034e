"""Staff admin of people across scopes (docs/security.md): on a person's page, the
identity (its NIK whole, every view of it recorded) and what every cooperative and
enterprise recorded about them; the roles; the reconciliation queue, where staff
decide whether a name supplied by a scope becomes the identity's name."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from audit.models import PersonalDataAccess
from audit.services import personal_data_access_record
from core.admin import (
    AgencyStaffOnlyMixin,
    FastChangelistMixin,
    HistoryAdmin,
    ReadOnlyAdminMixin,
    ServiceAdminMixin,
    Writes,
    form_data,
    run_for_each,
    saved_as,
)

from .. import services
from ..models import CooperativeRole, Enterprise, Person, PersonReconciliation
from .registry import ROLE_WRITES

NIK_LENGTH = 16


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


# Items come from the services; staff decide them with the actions only (no
# delete either: an item leaves the queue by being decided, and stays as the
# record of that decision).
@admin.register(PersonReconciliation)
class PersonReconciliationAdmin(
    ReadOnlyAdminMixin, AgencyStaffOnlyMixin, admin.ModelAdmin
):
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
class PersonAdmin(
    AgencyStaffOnlyMixin, ServiceAdminMixin, FastChangelistMixin, HistoryAdmin
):
    form = PersonAdminForm
    writes = Writes(
        create=services.person_register,
        update=lambda pk, **kw: services.person_correct(person_id=pk, **kw),
        delete=lambda pk, **kw: services.person_delete(person_id=pk, **kw),
    )
    list_display = ("name", "masked_nik", "sex", "phone", "email")
    list_filter = ("sex",)
    search_fields = ("name", "email")
    # Name or email here; a NIK goes through the POST lookup beside the search box.
    search_help_text = _("Nama atau surel. Cari NIK dengan formulir NIK.")
    change_list_template = "admin/cooperatives/person/change_list.html"
    raw_id_fields = ("user",)
    # The identity above, what each scope recorded below (staff see them all).
    inlines = [RoleRecordInline, EnterpriseRecordInline, ReconciliationInline]

    def save_model(self, request, obj, form, change):
        # The NIK is a form field of its own (stored encrypted through Person.nik).
        names = form.changed_data if change else list(form.fields)
        data = form_data(form, names)
        if "nik" in names:
            data["nik"] = form.cleaned_data["nik"]
        if not change:
            saved_as(obj, self.writes.create(data=data, by=request.user))
        elif data:
            self.writes.update(obj.pk, data=data, by=request.user)

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
class CooperativeRoleAdmin(
    AgencyStaffOnlyMixin, ServiceAdminMixin, FastChangelistMixin, HistoryAdmin
):
    writes = ROLE_WRITES
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
