from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .loan import Loan
from .scheme import MONEY
from .scoping import ApplicantScopedQuerySet


class LoanWriteOffQuerySet(ApplicantScopedQuerySet):
    application_path = "loan__application__"


class LoanWriteOff(models.Model):
    """A write-off (hapus buku) of a Macet loan in two steps: requested with a
    reason by one person, then approved or refused (with a reason) by another.
    On approval it keeps what was taken off the books, to the rupiah."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Diusulkan")
        APPROVED = "approved", _("Disetujui")
        REFUSED = "refused", _("Ditolak")

    loan = models.ForeignKey(
        Loan,
        verbose_name=_("pinjaman"),
        on_delete=models.CASCADE,
        related_name="write_offs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    written_off_on = models.DateField(_("tanggal hapus buku"))
    reason = models.TextField(_("alasan usulan"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("diusulkan pada"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    refusal_reason = models.TextField(_("alasan penolakan"), blank=True)
    principal = models.DecimalField(
        _("pokok dihapusbukukan"), null=True, blank=True, editable=False, **MONEY
    )
    interest = models.DecimalField(
        _("bunga tertunggak dihapusbukukan"),
        null=True,
        blank=True,
        editable=False,
        **MONEY,
    )
    late_fee = models.DecimalField(
        _("denda dihapusbukukan"), null=True, blank=True, editable=False, **MONEY
    )

    history = HistoricalRecords()
    objects = LoanWriteOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("hapus buku pinjaman")
        verbose_name_plural = _("hapus buku pinjaman")
        ordering = ["loan_id", "-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan"],
                condition=Q(status="requested"),
                name="fin_write_off_one_open_request",
                violation_error_message=_(
                    "Pinjaman ini sudah memiliki usulan hapus buku yang menunggu."
                ),
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | ~Q(decided_by=models.F("requested_by")),
                name="fin_write_off_four_eyes",
                violation_error_message=_(
                    "Pengusul hapus buku tidak dapat memutuskan usulannya sendiri."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.written_off_on} {self.status}"

    @property
    def total(self):
        parts = (self.principal, self.interest, self.late_fee)
        return sum(part for part in parts if part is not None)
