"""Staff manage invitations and requests for access here; every change goes
through services.invitations and services.access_requests."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from core.admin import HistoryAdmin, ReadOnlyAdminMixin

from .. import services
from ..models import AccessRequest, Invitation


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.Status.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        condition = {
            Invitation.Status.PENDING: open_ & Q(expires_at__gt=now),
            Invitation.Status.EXPIRED: open_ & Q(expires_at__lte=now),
            Invitation.Status.ACCEPTED: Q(accepted_at__isnull=False),
            Invitation.Status.REVOKED: Q(revoked_at__isnull=False),
        }.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class InvitationAddForm(forms.ModelForm):
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=16,
        help_text=_("Tidak wajib; bila diisi, orang ini menjadi pengurus koperasi."),
    )

    class Meta:
        model = Invitation
        fields = ["kind", "email", "name", "phone", "cooperative", "district"]
        help_texts = {"district": _("Wajib untuk staf dinas kabupaten/kota.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].required = False

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data.get("kind"),
            "email": data.get("email", ""),
            "scope": Scope.province(),
            "cooperative_id": getattr(data.get("cooperative"), "pk", None),
            "district_code": getattr(data.get("district"), "pk", None),
            "name": data.get("name", ""),
            "nik": data.get("nik", ""),
            "phone": data.get("phone", ""),
        }

    def _post_clean(self):
        """The service's own checks, run and rolled back, so that a refusal
        shows next to its field instead of after the form was accepted."""
        if self.errors:
            return
        try:
            with transaction.atomic():
                services.invitation_create(**self.service_kwargs())
                raise _Checked
        except _Checked:
            pass
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error.messages)


class _Checked(Exception):
    """Rolls the admin form's check back."""


def _each(modeladmin, request, queryset, service, done):
    for invitation in queryset:
        try:
            service(
                invitation_id=invitation.pk, scope=Scope.province(), by=request.user
            )
        except ValidationError as error:
            modeladmin.message_user(
                request,
                f"{invitation.address}: {' '.join(error.messages)}",
                messages.ERROR,
            )
        else:
            modeladmin.message_user(request, done % {"email": invitation.address})


@admin.action(description=_("Kirim ulang undangan terpilih"))
def resend_selected(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.invitation_resend,
        _("Undangan dikirim ulang ke %(email)s; tautan lama tidak berlaku lagi."),
    )


@admin.action(description=_("Cabut undangan terpilih"))
def revoke_selected(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.invitation_revoke,
        _("Undangan untuk %(email)s dicabut."),
    )


@admin.register(Invitation)
class InvitationAdmin(HistoryAdmin):
    list_display = [
        "email",
        "phone",
        "channel",
        "sending",
        "name",
        "kind",
        "cooperative",
        "district",
        "status_label",
        "expires_at",
        "invited_by",
    ]
    list_filter = [InvitationStatusFilter, "kind", "channel", "sending", "district"]
    search_fields = ["email", "phone", "name", "cooperative__name", "cooperative__nik"]
    list_select_related = ["cooperative", "district", "invited_by"]
    autocomplete_fields = ["cooperative"]
    actions = [resend_selected, revoke_selected]
    readonly_fields = [
        "kind",
        "email",
        "name",
        "phone",
        "channel",
        "sending",
        "sending_error",
        "batch",
        "cooperative",
        "district",
        "position",
        "person",
        "status_label",
        "sent_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
        "user",
        "invited_by",
        "created_at",
    ]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "email", "name", "nik", "phone", "cooperative", "district"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation = services.invitation_create(
            **form.service_kwargs(), by=request.user
        )
        obj.pk = invitation.pk
        self.message_user(
            request,
            _("Undangan dikirim ke %(email)s.") % {"email": invitation.address},
        )

    def save_related(self, request, form, formsets, change):
        """Nothing else to save: the service made the invitation."""

    def log_addition(self, request, obj, message):
        return super().log_addition(request, Invitation.objects.get(pk=obj.pk), message)


@admin.action(description=_("Setujui permintaan terpilih dan kirim undangan"))
def approve_selected(modeladmin, request, queryset):
    for access in queryset:
        try:
            services.access_request_approve(
                request_id=access.pk, scope=Scope.province(), by=request.user
            )
        except ValidationError as error:
            modeladmin.message_user(
                request, f"#{access.pk}: {' '.join(error.messages)}", messages.ERROR
            )
        else:
            modeladmin.message_user(
                request,
                _("Permintaan disetujui; undangan dikirim ke %(email)s.")
                % {"email": access.email},
            )


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = [
        "pk",
        "name",
        "email",
        "cooperative",
        "district",
        "status",
        "created_at",
        "decide_link",
    ]
    list_filter = ["status", "district"]
    search_fields = ["name", "email", "cooperative_nik", "cooperative__name"]
    list_select_related = ["cooperative", "district"]
    actions = [approve_selected]
    readonly_fields = [
        "name",
        "masked_nik",
        "email",
        "position",
        "cooperative_nik",
        "cooperative",
        "district",
        "status",
        "reason",
        "invitation",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj):
        return obj.masked_nik

    @admin.display(description=_("Putuskan"))
    def decide_link(self, obj):
        if obj.status != AccessRequest.Status.OPEN:
            return "—"
        url = reverse("portal:access-request-decide", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Setujui atau tolak"))
