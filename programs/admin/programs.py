"""Programs with their sessions, the state-change actions, and the attendance grid
of a session (one checkbox per confirmed participant, saved at once)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import (
    FastChangelistMixin,
    HistoryAdmin,
    ServiceAdminMixin,
    Writes,
    run_for_each,
)

from .. import selectors, services
from ..models import Program, Session
from ..services.completion import RECORDING
from ..services.seats import seats_taken

CLOSED = (Program.Status.COMPLETED, Program.Status.CANCELLED)


class ProgramAdminForm(forms.ModelForm):
    class Meta:
        model = Program
        # The admin passes the fieldsets' fields; these are the editable ones.
        fields = (
            "code",
            "title",
            "kind",
            "topic",
            "year",
            "audience",
            "district",
            "quota",
            "funding_source",
            "registration_opens",
            "registration_closes",
            "starts_on",
            "ends_on",
            "venue",
            "hours",
            "completion_rule_percent",
            "signatory_name",
            "signatory_title",
            "description",
        )

    def clean_quota(self):
        quota = self.cleaned_data["quota"]
        if self.instance.pk and quota is not None:
            taken = seats_taken(self.instance)
            if quota < taken:
                raise ValidationError(
                    _(
                        "Kuota tidak boleh lebih kecil dari jumlah peserta "
                        "terdaftar (%(count)s)."
                    ),
                    params={"count": taken},
                )
        return quota


SESSION_WRITES = Writes(
    create=services.session_add,
    update=lambda pk, **kw: services.session_update(session_id=pk, **kw),
    delete=lambda pk, **kw: services.session_delete(session_id=pk, **kw),
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    writes = SESSION_WRITES
    fields = ("title", "starts_at", "ends_at", "place", "trainer", "attendance_link")
    readonly_fields = ("attendance_link",)

    @admin.display(description=_("kehadiran"))
    def attendance_link(self, session):
        if not session.pk:
            return "—"
        url = reverse("admin:programs_session_attendance", args=[session.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Isi kehadiran"))

    def _editable(self, obj) -> bool:
        return obj is None or obj.status not in CLOSED

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(Program)
class ProgramAdmin(ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    form = ProgramAdminForm
    # A new program is a draft; a change lets the waitlist move up to a larger
    # quota; status changes only through the actions below.
    writes = Writes(
        create=services.program_create,
        update=lambda pk, **kw: services.program_update(program_id=pk, **kw),
        delete=lambda pk, **kw: services.program_delete(program_id=pk, **kw),
    )
    list_display = (
        "code",
        "title",
        "kind",
        "year",
        "district",
        "quota",
        "seats_left",
        "starts_on",
        "status",
    )
    list_filter = ("status", "kind", "year", "audience", "district", "funding_source")
    search_fields = ("=code", "title")
    list_select_related = ("district",)
    date_hierarchy = "starts_on"
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = [SessionInline]
    actions = ["publish", "start", "complete", "issue_certificates", "cancel"]
    fieldsets = (
        (None, {"fields": ("code", "title", "kind", "topic", "status")}),
        (
            _("Sasaran dan kuota"),
            {"fields": ("year", "audience", "district", "quota", "funding_source")},
        ),
        (
            _("Jadwal"),
            {
                "fields": (
                    "registration_opens",
                    "registration_closes",
                    "starts_on",
                    "ends_on",
                    "venue",
                    "hours",
                )
            },
        ),
        (
            _("Kelulusan dan sertifikat"),
            {
                "fields": (
                    "completion_rule_percent",
                    "signatory_name",
                    "signatory_title",
                )
            },
        ),
        (None, {"fields": ("description", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(seats_left=selectors.seats_left_annotation())
        )

    @admin.display(description=_("kursi tersisa"), ordering="seats_left")
    def seats_left(self, program):
        return program.seats_left

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in CLOSED:
            return [f.name for f in Program._meta.fields if f.name != "id"]
        return self.readonly_fields

    @admin.action(description=_("Umumkan program terpilih"))
    def publish(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.program_publish(program_id=pk, by=request.user),
            _("%(count)s program diumumkan."),
        )

    @admin.action(description=_("Tandai program terpilih sedang berlangsung"))
    def start(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.program_start(program_id=pk, by=request.user),
            _("%(count)s program dimulai."),
        )

    @admin.action(
        description=_("Selesaikan program: nilai kehadiran dan terbitkan sertifikat")
    )
    def complete(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.program_complete(program_id=pk, by=request.user),
            _("%(count)s program diselesaikan; sertifikat peserta lulus diterbitkan."),
        )

    @admin.action(description=_("Terbitkan sertifikat yang belum terbit"))
    def issue_certificates(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.certificates_issue(program_id=pk, by=request.user),
            _("%(count)s program diproses."),
        )

    @admin.action(description=_("Batalkan program terpilih"))
    def cancel(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: services.program_cancel(program_id=pk, by=request.user),
            _("%(count)s program dibatalkan."),
        )


@admin.register(Session)
class SessionAdmin(ServiceAdminMixin, FastChangelistMixin, HistoryAdmin):
    writes = SESSION_WRITES
    list_display = ("__str__", "program", "starts_at", "place", "trainer", "grid")
    list_filter = ("program__status", "program__kind")
    search_fields = ("=program__code", "program__title", "title", "trainer")
    list_select_related = ("program",)
    raw_id_fields = ("program",)
    date_hierarchy = "starts_at"

    @admin.display(description=_("kehadiran"))
    def grid(self, session):
        url = reverse("admin:programs_session_attendance", args=[session.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Isi kehadiran"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.attendance_view)
        return [
            path(
                "<int:session_id>/attendance/",
                view,
                name="programs_session_attendance",
            ),
            *super().get_urls(),
        ]

    def attendance_view(self, request, session_id: int):
        session = get_object_or_404(
            Session.objects.select_related("program"), pk=session_id
        )
        if not self.has_change_permission(request, session):
            raise PermissionDenied
        if request.method == "POST":
            try:
                present = [int(pk) for pk in request.POST.getlist("present")]
                count = services.attendance_record(
                    session_id=session.pk, present_ids=present, by=request.user
                )
            except (ValueError, ValidationError) as exc:
                text = " ".join(getattr(exc, "messages", [gettext("Isian tidak sah.")]))
                self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Kehadiran disimpan: %(count)s peserta hadir.")
                    % {"count": count},
                    messages.SUCCESS,
                )
                return redirect(request.path)
        rows = selectors.session_attendance_sheet(session=session)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Kehadiran sesi"),
            "session": session,
            "program": session.program,
            "rows": rows,
            "present_count": sum(1 for _row, present in rows if present),
            "editable": session.program.status in RECORDING,
        }
        return TemplateResponse(
            request, "admin/programs/session/attendance.html", context
        )
