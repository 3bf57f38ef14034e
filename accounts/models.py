"""Users of the portal and the scope each of them may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: agency staff, district office staff or a cooperative
    officer. Officers reach their cooperatives through their Person record's roles."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staf dinas provinsi")
        DISTRICT = "district", _("Staf dinas kabupaten/kota")
        OFFICER = "officer", _("Pengurus koperasi")
        OWNER = "owner", _("Pemilik UMKM")

    role = models.CharField(
        _("peran"), max_length=16, choices=Role.choices, default=Role.OFFICER
    )
    district = models.ForeignKey(
        "cooperatives.District",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_users",
        help_text=_("Wajib untuk staf dinas kabupaten/kota."),
    )
    # The language of the messages sent to the user (notifications, reminders).
    language = models.CharField(
        _("bahasa pesan"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
        db_default="id",  # rows written by code that predates the field
    )
    # When the account was switched off (accounts.users): the retention sweep
    # (privacy.services) erases it 2 years later, and stamps an inactive
    # account found without one (switched off by another path) with its run.
    deactivated_at = models.DateTimeField(
        _("dinonaktifkan"), null=True, blank=True, editable=False
    )
    # When the retention sweep erased it: the row stays only as the actor the
    # change history and the admin's log name, without a name, address or
    # password.
    erased_at = models.DateTimeField(
        _("dihapus"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [
            (
                "reset_second_factor",
                _("Dapat mengatur ulang verifikasi dua langkah pengguna"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="district") | Q(district__isnull=False),
                name="user_district_staff_has_district",
                violation_error_message=_(
                    "Staf dinas kabupaten/kota harus memiliki kabupaten/kota."
                ),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Surel ini sudah dipakai akun lain."),
            ),
        ]

    @property
    def is_agency_staff(self) -> bool:
        return self.is_superuser or (self.is_staff and self.role == self.Role.STAFF)


class ApiToken(models.Model):
    """A REST API credential for a client program (a district office's system).

    Only a SHA-256 hash of the key is stored; the key is shown once when issued.
    Each token acts through its own service user (`api.<name>.<random>`), so the change
    history names the token as the actor and the scope follows from that user.
    """

    name = models.CharField(_("nama"), max_length=100, unique=True)
    key_hash = models.CharField(
        _("hash kunci"), max_length=64, unique=True, editable=False
    )
    key_prefix = models.CharField(_("awalan kunci"), max_length=8, editable=False)
    user = models.OneToOneField(
        User,
        verbose_name=_("pengguna layanan"),
        on_delete=models.PROTECT,
        related_name="api_token",
    )
    district = models.ForeignKey(
        "cooperatives.District",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kosong: token seluruh provinsi (staf)."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["name"]
        permissions = [("revoke_apitoken", _("Dapat mencabut token API"))]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province_wide(self) -> bool:
        return self.district_id is None

    @property
    def days_left(self) -> int:
        """Whole days until it lapses, counted in calendar days of the agency's
        time zone (0: it lapses today; negative: it has lapsed)."""
        return (timezone.localdate(self.expires_at) - timezone.localdate()).days
