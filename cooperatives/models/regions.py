from django.db import models
from django.utils.translation import gettext_lazy as _


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
