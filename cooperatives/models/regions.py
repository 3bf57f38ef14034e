from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import address_errors


class District(models.Model):
    """A kabupaten or kota of Kalimantan Timur, keyed by its Kemendagri code
    (`64.72`). The BPS code is kept beside it for statistics, never as a key."""

    class Kind(models.TextChoices):
        REGENCY = "regency", _("Kabupaten")
        CITY = "city", _("Kota")

    code = models.CharField(_("kode Kemendagri"), max_length=5, primary_key=True)
    bps_code = models.CharField(_("kode BPS"), max_length=4, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    seat = models.CharField(_("ibu kota"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SubDistrict(models.Model):
    """A kecamatan, keyed by its Kemendagri code (`64.72.03`)."""

    code = models.CharField(_("kode Kemendagri"), max_length=8, primary_key=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="sub_districts",
    )
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A desa or kelurahan, keyed by its Kemendagri code (`64.72.01.1001`); the
    1,038 of Kalimantan Timur are loaded from `cooperatives/data/` (MIT, see the
    notice beside the file)."""

    class Kind(models.TextChoices):
        # Labels as the values read: "desa" and "kelurahan" are the words staff use.
        DESA = "desa", _("desa")
        KELURAHAN = "kelurahan", _("kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    sub_district = models.ForeignKey(
        SubDistrict,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=9, choices=Kind.choices)

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["sub_district", "name"], name="village_sub_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_id(self) -> str:
        return self.code[:5]


class CodedAddressMixin:
    """A record's district, kecamatan and village, checked together."""

    def address_errors(self) -> dict:
        village = self.village_id
        if village and not self.sub_district_id and village[:5] == self.district_id:
            self.sub_district_id = village[:8]  # a village names its kecamatan
        return address_errors(self.district_id, self.sub_district_id, self.village_id)


def village_field() -> models.ForeignKey:
    """An address's coded village (the cooperative's, the enterprise's)."""
    return models.ForeignKey(
        Village,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )


def village_name_field() -> models.CharField:
    """The village as typed before villages were coded; kept for the rows whose
    text matched no village (admin filter "desa belum dicocokkan")."""
    return models.CharField(_("desa/kelurahan (teks lama)"), max_length=100, blank=True)
