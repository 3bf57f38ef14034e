from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperatives.models.scoping import ScopedQuerySet


class ReportRunQuerySet(ScopedQuerySet):
    cooperative_path = None  # officers see no report runs


class ReportRun(models.Model):
    """One requested or scheduled report: what, for whom, and how far it got.

    A district's run is scoped to that district; a province-wide run (no district)
    is seen by staff only."""

    class Kind(models.TextChoices):
        COOPERATIVE_RECAP = "cooperative_recap", _("Rekap koperasi per kabupaten/kota")
        ENTERPRISE_RECAP = "enterprise_recap", _("Rekap UMKM")
        PROGRAM_OUTCOMES = (
            "program_outcomes",
            _("Hasil program pelatihan dan pendampingan"),
        )
        FINANCING_PORTFOLIO = "financing_portfolio", _("Portofolio pembiayaan")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        RUNNING = "running", _("Diproses")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    class Failure(models.TextChoices):
        """Why a run failed, in words for whoever requested it: never the
        exception itself (it may name a person; it is logged, masked, instead)."""

        QUEUE_DOWN = (
            "queue_down",
            _("Antrean tugas sedang tidak tersedia. Minta laporan ini lagi."),
        )
        TIMED_OUT = "timed_out", _("Waktu pembuatan laporan habis.")
        ERROR = (
            "error",
            _(
                "Laporan gagal dibuat karena galat di server. Minta laporan ini "
                "lagi; bila terulang, hubungi admin Dinas."
            ),
        )
        LOST = (
            "lost",
            _(
                "Pekerjaan laporan hilang atau melewati batas waktu; silakan "
                "minta ulang."
            ),
        )

    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    district = models.ForeignKey(
        "cooperatives.District",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kosong: seluruh provinsi."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scheduled = models.BooleanField(_("terjadwal"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    file = models.FileField(_("berkas"), upload_to="reports/", blank=True)
    failure = models.CharField(
        _("alasan gagal"), max_length=10, choices=Failure.choices, blank=True
    )
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "created_at"], name="report_run_district"),
            # The sweep of lost runs reads only the few unfinished ones.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status__in=["queued", "running"]),
                name="report_run_unfinished",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="report_run_progress_max_100",
            ),
            # A failed run says why; any other run has no reason to give.
            models.CheckConstraint(
                condition=(
                    models.Q(status="failed") & ~models.Q(failure="")
                    | ~models.Q(status="failed") & models.Q(failure="")
                ),
                name="report_run_failed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.format})"

    @property
    def filename(self) -> str:
        where = self.district_id.replace(".", "") if self.district_id else "kaltim"
        return f"{self.kind}-{self.year}-{where}-{self.pk}.{self.format}"
