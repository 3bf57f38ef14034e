import contextvars

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import ServiceAdminMixin, Writes, form_data, run_for_each, saved_as

from .models import ApiToken, User
from .second_factor import second_factor_reset
from .tokens import api_token_expiry_set, api_token_revoke
from .users import user_create, user_deactivate, user_password_set, user_update

# Devices are made by their owner on the enrolment page and removed only by the
# reset action below: no admin page shows a secret or lets staff make a device.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


# Who submits the admin's password form (Django builds the form without the
# request); set for the length of the view.
_acting_user = contextvars.ContextVar("acting_user")


class PasswordSetForm(AdminPasswordChangeForm):
    """Django's password form (its validation), saved through user_password_set."""

    def set_password_and_save(self, user, commit=True, **kwargs):
        password = self.cleaned_data.get(kwargs.get("password_field_name", "password1"))
        if not commit:
            return super().set_password_and_save(user, commit=False, **kwargs)
        self.user = user_password_set(
            user_id=user.pk,
            password=password if self.cleaned_data.get("set_usable_password") else None,
            by=_acting_user.get(),
        )
        return self.user


@admin.register(User)
class UserAdmin(ServiceAdminMixin, BaseUserAdmin):
    """Users are written through accounts.users, Django's user forms kept (they
        validate the password). No user is deleted: the row is the actor the change
        history names; deactivating is the way to end an account (its personal data
    is erased 2 years later by the retention sweep)."""

    writes = Writes(
        update=lambda pk, data, by: user_update(user_id=pk, data=data, by=by)
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "district",
        "is_staff",
        "has_second_factor",
    )
    list_filter = ("role", "district", "is_staff", "is_active")
    change_password_form = PasswordSetForm
    actions = ["reset_second_factor", "deactivate"]
    list_select_related = ("district",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Peran dan wilayah"), {"fields": ("role", "district")}),
        # Two years after deactivation the retention sweep erases the account.
        (_("Masa simpan"), {"fields": ("deactivated_at", "erased_at")}),
    )
    readonly_fields = ("deactivated_at", "erased_at")
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Peran dan wilayah"), {"fields": ("email", "role", "district")}),
    )

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        usable = form.cleaned_data.get("set_usable_password", True)
        user = user_create(
            data=form_data(form, form.fields),
            password=form.cleaned_data.get("password1") if usable else None,
            by=request.user,
        )
        return saved_as(obj, user)

    def user_change_password(self, request, id, form_url=""):
        acting = _acting_user.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_user.reset(acting)

    def save_related(self, request, form, formsets, change):
        # The groups and permissions were set by the service (no form.save_m2m).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_deactivate_permission(self, request):
        return request.user.has_perm("accounts.change_user")

    @admin.action(
        description=_("Nonaktifkan pengguna terpilih"), permissions=["deactivate"]
    )
    def deactivate(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda pk: user_deactivate(user_id=pk, by=request.user),
            _("%(count)s pengguna dinonaktifkan."),
        )

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor=Exists(confirmed))

    @admin.display(description=_("verifikasi dua langkah"), boolean=True)
    def has_second_factor(self, user):
        return user.second_factor

    def has_reset_second_factor_permission(self, request):
        return request.user.has_perm("accounts.reset_second_factor")

    @admin.action(
        description=_("Atur ulang verifikasi dua langkah pengguna terpilih"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        users = list(queryset.values_list("pk", flat=True))
        for user_id in users:
            second_factor_reset(user_id=user_id, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Verifikasi dua langkah %(count)s pengguna diatur ulang: "
                "ia mendaftar lagi saat masuk berikutnya.",
                "Verifikasi dua langkah %(count)s pengguna diatur ulang: "
                "mereka mendaftar lagi saat masuk berikutnya.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Tokens are issued with `manage.py issue_api_token` (the key is shown once);
    here staff see them, move their expiry and revoke them, through the services.
    No token is deleted: a revoked token keeps its row, and with it its service
    user, the actor that the change history names for everything the token
    wrote, so revoking is the way to end one (it leaves the trail)."""

    writes = Writes(
        update=lambda pk, data, by: api_token_expiry_set(
            token_id=pk, expires_at=data["expires_at"], by=by
        )
    )

    list_display = (
        "name",
        "district",
        "key_prefix",
        "created_at",
        "last_used_at",
        "expiry",
        "revoked_at",
    )
    list_filter = ("district", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "key_prefix")
    readonly_fields = (
        "name",
        "key_prefix",
        "user",
        "district",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    fields = (
        "name",
        "key_prefix",
        "user",
        "district",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_select_related = ("district",)
    actions = ["revoke"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # A revoked token stays revoked: nothing of it is edited.
        if obj is not None and obj.revoked_at is not None:
            return self.fields
        return self.readonly_fields

    @admin.display(description=_("kedaluwarsa"), ordering="expires_at")
    def expiry(self, token):
        """The date, and a warning once fewer than API_TOKEN_EXPIRY_WARNING_DAYS
        are left, so that staff issue a new token before a district is cut off."""
        day = date_format(timezone.localtime(token.expires_at), "j F Y")
        if token.revoked_at:
            return day
        if token.expires_at <= timezone.now():
            return format_html(
                '{} <strong class="kukm-lapsed">{}</strong>', day, _("kedaluwarsa")
            )
        days = token.days_left
        if days >= settings.API_TOKEN_EXPIRY_WARNING_DAYS:
            return day
        warning = (
            ngettext(
                "akan kedaluwarsa dalam %(days)s hari",
                "akan kedaluwarsa dalam %(days)s hari",
                days,
            )
            % {"days": days}
            if days
            else _("akan kedaluwarsa hari ini")
        )
        return format_html('{} <strong class="kukm-lapsing">{}</strong>', day, warning)

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        try:
            for name in queryset.values_list("name", flat=True):
                api_token_revoke(name=name, by=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("Token dicabut."), messages.SUCCESS)
