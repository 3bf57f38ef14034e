"""The second factor of staff and district users (django-otp): a TOTP app and a set
of one-time recovery codes.

    no device → totp_device_start (an unconfirmed TOTP device, its secret shown)
              → totp_device_confirm (the first code: confirmed, recovery codes made)
    confirmed → second_factor_verify after each password login (TOTP or recovery code)
              → second_factor_reset by staff (every device removed: enrol again)

Wrong codes are throttled by django-otp per device, in the database, so the wait
holds across sessions: 1, 2, 4, 8 … seconds after each failure.
"""

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

TOTP_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode pemulihan"


def second_factor_required(user) -> bool:
    """Whether this user must verify a second factor when enforcement is on:
    anyone who reaches the admin, the dashboard or the API (not officers)."""
    if not (user and user.is_authenticated):
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or user.role in (User.Role.STAFF, User.Role.DISTRICT)
    )


def second_factor_pending(user) -> bool:
    """True for a user held at the second-factor pages: enforcement on, the user
    needs a second factor and this session has not verified one."""
    return (
        settings.OTP_REQUIRED
        and second_factor_required(user)
        and not (hasattr(user, "is_verified") and user.is_verified())
    )


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made on first call (its secret is shown
    on the enrolment page until a first code confirms it)."""
    User.objects.select_for_update().get(pk=user.pk)
    if confirmed_totp_device(user) is not None:
        raise ValidationError(_("Aplikasi autentikator sudah terdaftar."))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_device_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the unconfirmed device with its first code; replaces any recovery
    codes with new ones. Returns the device and the codes (shown once)."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if confirmed_totp_device(user) is not None:
            raise ValidationError(_("Aplikasi autentikator sudah terdaftar."))
        device = (
            TOTPDevice.objects.devices_for_user(user, confirmed=False)
            .select_for_update()
            .first()
        )
        if device is None:
            raise ValidationError(_("Mulai pendaftaran lagi dari awal."))
        refusal = _refusal(device, normalize_code(code))
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = recovery_codes_replace(user=user)
    # Raised after the commit, so a wrong code's throttle count is kept.
    if refusal is not None:
        raise ValidationError({"code": refusal})
    return device, codes


def recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def normalize_code(code: str) -> str:
    """Codes are read as typed: spaces and hyphens dropped, letters lower-cased."""
    return "".join((code or "").split()).replace("-", "").lower()


def second_factor_verify(*, user: User, code: str) -> Device:
    """The device that accepts this code: six digits are a TOTP code, anything else
    a recovery code (used up when accepted). Raises ValidationError on `code`."""
    code = normalize_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .first()
        )
        refusal = _wrong_code() if device is None else _refusal(device, code)
    # Raised after the commit, so a wrong code's throttle count is kept.
    if refusal is not None:
        raise ValidationError({"code": refusal})
    return device


def _wrong_code() -> str:
    return _("Kode salah. Periksa lalu coba lagi.")


def _refusal(device: TOTPDevice | StaticDevice, code: str) -> str | None:
    """None when the device accepts the code, else why not. The device saves its
    own throttle count (django-otp), so the caller must not roll back a refusal."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _throttled_message(details)
    if not device.verify_token(code):
        return _wrong_code()
    return None


def _throttled_message(details: dict | None) -> str:
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return _("Terlalu banyak kode salah. Coba lagi nanti.")
    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return _("Terlalu banyak kode salah. Coba lagi dalam %(seconds)s detik.") % {
        "seconds": seconds
    }


@transaction.atomic
def second_factor_reset(*, user_id: int, by: User) -> int:
    """Remove every second-factor device of the user (a lost phone): the user
    enrols again at the next login, and a session verified with a removed device
    is no longer verified. Recorded in the admin log. Returns the devices removed."""
    user = User.objects.select_for_update().get(pk=user_id)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    LogEntry.objects.create(
        user=by,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user)[:200],
        action_flag=CHANGE,
        change_message=_(
            "Verifikasi dua langkah diatur ulang: %(count)s perangkat dihapus."
        )
        % {"count": removed},
    )
    return removed
