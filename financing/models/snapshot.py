from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperatives.models import District

from .scheme import MONEY


class PortfolioSnapshot(models.Model):
    """The loan portfolio as it stood when a month began, per district and for the
    province (`district` empty): loans only keep today's outstanding principal,
    so PAR by month can only be charted from these monthly snapshots."""

    month = models.DateField(_("bulan"), help_text=_("Tanggal 1 bulan itu."))
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: seluruh provinsi."),
    )
    loans = models.PositiveIntegerField(_("pinjaman berjalan"))
    outstanding = models.DecimalField(_("sisa pokok"), **MONEY)
    par30 = models.DecimalField(_("PAR 30"), **MONEY)
    par60 = models.DecimalField(_("PAR 60"), **MONEY)
    par90 = models.DecimalField(_("PAR 90"), **MONEY)
    taken_at = models.DateTimeField(_("diambil pada"))

    class Meta:
        verbose_name = _("potret portofolio")
        verbose_name_plural = _("potret portofolio")
        ordering = ["-month", "district_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "district"],
                nulls_distinct=False,
                name="fin_snapshot_month_district_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="fin_snapshot_month_first_day",
            ),
        ]

    def __str__(self) -> str:
        where = self.district_id or _("provinsi")
        return f"{self.month:%Y-%m} {where}"
