"""Koperasi Desa/Kelurahan Merah Putih (KDMP, Inpres 9/2025): every village is
asked to form one cooperative that runs a set of mandated units.

A village's KDMP status (cooperatives.selectors.kdmp computes it, never typed in):
- **none**: no cooperative is marked as the village's KDMP, or the one marked has
  no legal entity yet (number and date) or is dissolved;
- **formed**: the KDMP's cooperative is registered with a legal entity number and
  date (the cooperative's own fields);
- **running**: formed, and at least one of the mandated *business* units operates
  (outlet sembako, simpan pinjam, klinik, apotek, cold storage, logistik). The
  office (kantor) is recorded but alone does not make a KDMP running: it is where
  the cooperative sits, not a service the village uses.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import validate_not_in_future

from .cooperative import Cooperative
from .regions import Village
from .scoping import ScopedQuerySet


class KdmpStatus(models.TextChoices):
    """A village's KDMP status, as the province reports it upward."""

    NONE = "none", _("Belum terbentuk")
    FORMED = "formed", _("Terbentuk")
    RUNNING = "running", _("Beroperasi")


class KdmpQuerySet(ScopedQuerySet):
    district_path = "cooperative__district"


class Kdmp(models.Model):
    """A cooperative marked as its village's Koperasi Desa/Kelurahan Merah Putih:
    one per village, and the cooperative's own village must be that village."""

    cooperative = models.OneToOneField(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="kdmp",
    )
    village = models.OneToOneField(
        Village,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="kdmp",
        error_messages={
            "unique": _("Desa/kelurahan ini sudah mempunyai KDMP."),
        },
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()
    objects = KdmpQuerySet.as_manager()

    class Meta:
        verbose_name = _("Koperasi Desa/Kelurahan Merah Putih")
        verbose_name_plural = _("Koperasi Desa/Kelurahan Merah Putih")
        ordering = ["village"]

    def __str__(self) -> str:
        return f"KDMP {self.village_id}"

    def clean(self):
        if self.cooperative_id and self.village_id:
            own = (
                Cooperative.objects.filter(pk=self.cooperative_id)
                .values_list("village_id", flat=True)
                .first()
            )
            if own != self.village_id:
                raise ValidationError(
                    {
                        "village": _(
                            "Desa/kelurahan KDMP harus desa/kelurahan alamat "
                            "koperasinya. Ubah dulu alamat koperasi."
                        )
                    }
                )


class KdmpUnit(models.Model):
    """One mandated unit of a KDMP that operates, since when."""

    class Unit(models.TextChoices):
        OFFICE = "office", _("Kantor koperasi")
        GROCERY = "grocery", _("Gerai sembako")
        SAVINGS_AND_LOAN = "savings_and_loan", _("Unit simpan pinjam")
        CLINIC = "clinic", _("Klinik desa/kelurahan")
        PHARMACY = "pharmacy", _("Apotek desa/kelurahan")
        COLD_STORAGE = "cold_storage", _("Pergudangan/cold storage")
        LOGISTICS = "logistics", _("Logistik")

    # The units that make a formed KDMP "running" (module docstring).
    BUSINESS_UNITS = (
        Unit.GROCERY,
        Unit.SAVINGS_AND_LOAN,
        Unit.CLINIC,
        Unit.PHARMACY,
        Unit.COLD_STORAGE,
        Unit.LOGISTICS,
    )

    kdmp = models.ForeignKey(
        Kdmp, verbose_name=_("KDMP"), on_delete=models.CASCADE, related_name="units"
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    operating_since = models.DateField(
        _("beroperasi sejak"), validators=[validate_not_in_future]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit KDMP")
        verbose_name_plural = _("unit KDMP")
        ordering = ["kdmp", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["kdmp", "unit"],
                name="kdmp_unit_once",
                violation_error_message=_("Unit ini sudah dicatat untuk KDMP ini."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_unit_display())
