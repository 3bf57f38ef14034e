"""Users of the portal and the scope each of them may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: agency staff, district office staff or a cooperative
    officer. Officers reach their cooperatives through their Person record's roles."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staf dinas provinsi")
        DISTRICT = "district", _("Staf dinas kabupaten/kota")
        OFFICER = "officer", _("Pengurus koperasi")

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

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
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
