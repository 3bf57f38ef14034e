from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedQuerySet


class ImportJobQuerySet(ScopedQuerySet):
    cooperative_path = None  # officers see no import jobs


class ImportJob(models.Model):
    """One uploaded registry file (cooperatives or enterprises) loaded in the
    background: what was asked (dry run, skip invalid rows), for which scope (a
    district's job imports only that district's rows), and how it went: the rows
    read, created, updated and rejected, the rejected rows as a CSV with a
    `reason` column."""

    class Kind(models.TextChoices):
        COOPERATIVES = "cooperatives", _("Koperasi")
        ENTERPRISES = "enterprises", _("UMKM")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        RUNNING = "running", _("Diproses")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis data"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="imports/", max_length=255)
    dry_run = models.BooleanField(_("uji coba (tanpa menyimpan)"), default=False)
    skip_invalid = models.BooleanField(_("lewati baris tidak valid"), default=False)
    district = models.ForeignKey(
        "cooperatives.District",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kosong: seluruh provinsi."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    rows = models.PositiveIntegerField(_("baris"), default=0)
    created = models.PositiveIntegerField(_("dibuat"), default=0)
    updated = models.PositiveIntegerField(_("diubah"), default=0)
    skipped = models.PositiveIntegerField(_("ditolak"), default=0)
    errors_file = models.FileField(
        _("baris yang ditolak (CSV)"),
        upload_to="imports/errors/",
        max_length=255,
        blank=True,
    )
    failure = models.CharField(_("alasan gagal"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "created_at"], name="import_job_district"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="import_job_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
