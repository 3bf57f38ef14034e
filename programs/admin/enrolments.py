"""Participants: nominate through the same rules as the portal and the API, cancel,
evaluate and issue certificates in bulk. A saved enrolment changes only through
these actions."""

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import (
    AgencyStaffOnlyMixin,
    FastChangelistMixin,
    HistoryAdmin,
    ServiceAdminMixin,
    Writes,
    run_for_each,
)

from .. import services
from ..models import Enrolment
from ..services.eligibility import nomination_errors


class EnrolmentAddForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = ("program", "person", "cooperative")

    def clean(self):
        data = super().clean()
        program, person = data.get("program"), data.get("person")
        if program and person:
            errors = nomination_errors(
                program=program,
                person=person,
                cooperative=data.get("cooperative"),
                today=timezone.localdate(),
            )
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class NominatedElsewhereFilter(admin.SimpleListFilter):
    """Staff's view of one person nominated to one program by more than one scope
    (each scope sees only its own nomination: docs/security.md)."""

    title = _("usulan ganda")
    parameter_name = "ganda"

    def lookups(self, request, model_admin):
        return [("ya", _("Diusulkan juga oleh wilayah/koperasi lain"))]

    def queryset(self, request, queryset):
        if self.value() != "ya":
            return queryset
        others = (
            Enrolment.objects.filter(
                program=OuterRef("program"), person=OuterRef("person")
            )
            .exclude(pk=OuterRef("pk"))
            .exclude(status=Enrolment.Status.CANCELLED)
        )
        return queryset.exclude(status=Enrolment.Status.CANCELLED).filter(
            Exists(others)
        )


def _nominate(*, data: dict, by) -> Enrolment:
    cooperative = data.get("cooperative")
    return services.enrolment_nominate(
        program_id=data["program"].pk,
        person_id=data["person"].pk,
        cooperative_id=cooperative.pk if cooperative else None,
        by=by,
    )


@admin.register(Enrolment)
class EnrolmentAdmin(
    AgencyStaffOnlyMixin, ServiceAdminMixin, FastChangelistMixin, HistoryAdmin
):
    # Nominated through the same rules as the portal and the API; every field is
    # read-only once nominated; a seat a deleted enrolment held goes to the
    # waitlist, as on cancelling.
    writes = Writes(
        create=_nominate,
        delete=lambda pk, **kw: services.enrolment_delete(enrolment_id=pk, **kw),
    )
    list_display = (
        "person",
        "program",
        "cooperative",
        "status",
        "certificate_number",
        "created_at",
    )
    list_filter = (
        "status",
        NominatedElsewhereFilter,
        "program__year",
        "program__kind",
        "district",
    )
    search_fields = ("person__name", "=program__code", "=certificate_number")
    list_select_related = ("person", "program", "cooperative")
    raw_id_fields = ("program", "person", "cooperative")
    date_hierarchy = "created_at"
    actions = ["cancel", "evaluate", "issue_certificates"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = EnrolmentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("program", "person", "cooperative")
        return (
            "program",
            "person",
            "cooperative",
            "district",
            "participant_name",
            "participant_sex",
            "participant_phone",
            "participant_email",
            "nominated_by",
            "status",
            "cancel_reason",
            "certificate_number",
            "certificate_issued_on",
            "certificate_links",
            "created_at",
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("sertifikat"))
    def certificate_links(self, enrolment):
        if not enrolment.certificate_code:
            return "—"
        code = enrolment.certificate_code
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("certificates:verify", kwargs={"code": code}),
            gettext("Halaman verifikasi"),
            reverse("certificates:pdf", kwargs={"code": code}),
            gettext("Unduh PDF"),
        )

    @admin.action(description=_("Batalkan peserta terpilih"))
    def cancel(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.enrolment_cancel(enrolment_id=pk, by=request.user),
            _("%(count)s peserta dibatalkan."),
        )

    @admin.action(description=_("Nilai kelulusan peserta terpilih dari kehadiran"))
    def evaluate(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.enrolment_evaluate(enrolment_id=pk, by=request.user),
            _("%(count)s peserta dinilai."),
        )

    @admin.action(description=_("Terbitkan sertifikat peserta terpilih"))
    def issue_certificates(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset.filter(status=Enrolment.Status.COMPLETED),
            lambda pk: services.enrolment_certificate_issue(
                enrolment_id=pk, by=request.user
            ),
            _("%(count)s sertifikat diterbitkan."),
        )
