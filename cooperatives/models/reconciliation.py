from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cooperative import Cooperative
from .person import Person
from .regions import District


class PersonReconciliation(models.Model):
    """A name a cooperative, district or staff member supplied for a known NIK that
    differs from the identity's name. Staff decide: the supplied name becomes the
    identity name (accepted), or the identity keeps its own (kept). The scope that
    supplied the name keeps it on its own record either way."""

    class Source(models.TextChoices):
        ROLE = "role", _("Pengurus/anggota koperasi")
        MEMBER_IMPORT = "member_import", _("Impor anggota (CSV)")
        ENTERPRISE = "enterprise", _("Pemilik UMKM")
        ENTERPRISE_IMPORT = "enterprise_import", _("Impor UMKM")
        ENROLMENT = "enrolment", _("Peserta program")
        INVITATION = "invitation", _("Undangan akun")

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu keputusan")
        ACCEPTED = "accepted", _("Nama diterima sebagai nama identitas")
        KEPT = "kept", _("Nama identitas dipertahankan")

    person = models.ForeignKey(
        Person,
        verbose_name=_("orang"),
        on_delete=models.CASCADE,
        related_name="reconciliations",
    )
    supplied_name = models.CharField(_("nama yang diberikan"), max_length=150)
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diberikan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rekonsiliasi nama")
        verbose_name_plural = _("rekonsiliasi nama")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="recon_status_created"),
        ]
        constraints = [
            # One open item per person and supplied name: the same mismatch
            # supplied again (a re-import, another enterprise) does not pile up.
            models.UniqueConstraint(
                fields=["person", "supplied_name"],
                condition=Q(status="open"),
                name="recon_one_open_per_name",
            ),
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True)
                | (~Q(status="open") & Q(resolved_at__isnull=False)),
                name="recon_resolved_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplied_name} ({self.person.masked_nik})"
