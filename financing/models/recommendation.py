from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import District

from .application import Application

NUMBER_PREFIX = "REK-KUKM"


class RecommendationSequence(models.Model):
    """The last recommendation letter number of a year, locked while a letter is
    issued (numbers without gaps or duplicates). A counter: no history."""

    year = models.PositiveSmallIntegerField(_("tahun"), primary_key=True)
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("urutan nomor rekomendasi")
        verbose_name_plural = _("urutan nomor rekomendasi")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def recommendation_number(year: int, sequence: int) -> str:
    return f"{sequence:04d}/{NUMBER_PREFIX}/{year}"


class Recommendation(models.Model):
    """The rekomendasi letter with which the district or the agency sends an
    application of a partner-decided scheme (KUR, bank products) to the partner;
    the partner, not the agency, then decides. `district` is the issuing
    district office (empty when the provincial agency issued it)."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        related_name="recommendation",
    )
    number = models.CharField(_("nomor surat"), max_length=40, unique=True)
    issued_on = models.DateField(_("tanggal surat"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandatangani oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("dinas kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("catatan rekomendasi"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surat rekomendasi")
        verbose_name_plural = _("surat rekomendasi")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number
