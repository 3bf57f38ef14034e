from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .loan import Loan
from .scheme import MONEY
from .scoping import ApplicantScopedQuerySet


class LoanRestructuringQuerySet(ApplicantScopedQuerySet):
    application_path = "loan__application__"


class LoanRestructuring(models.Model):
    """A change of a running loan's tenor, grace or rate from `effective_on`:
    the terms before and after, the reason, who decided, and the whole schedule
    as it stood before (an archived copy: the installments it replaced are
    gone from the loan)."""

    loan = models.ForeignKey(
        Loan,
        verbose_name=_("pinjaman"),
        on_delete=models.CASCADE,
        related_name="restructurings",
    )
    effective_on = models.DateField(_("berlaku mulai"))
    reason = models.TextField(_("alasan"))
    principal = models.DecimalField(
        _("pokok yang dijadwalkan ulang"), editable=False, **MONEY
    )
    previous_annual_rate = models.DecimalField(
        _("suku bunga sebelumnya (%)"), max_digits=5, decimal_places=2
    )
    previous_tenor_months = models.PositiveSmallIntegerField(_("tenor sebelumnya"))
    previous_grace_months = models.PositiveSmallIntegerField(
        _("masa tenggang sebelumnya")
    )
    annual_rate = models.DecimalField(
        _("suku bunga baru (%)"), max_digits=5, decimal_places=2
    )
    tenor_months = models.PositiveSmallIntegerField(_("tenor baru (bulan)"))
    grace_months = models.PositiveSmallIntegerField(_("masa tenggang baru (bulan)"))
    previous_schedule = models.JSONField(
        _("jadwal sebelumnya"),
        editable=False,
        help_text=_("Salinan semua angsuran sebelum restrukturisasi."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    history = HistoricalRecords()
    objects = LoanRestructuringQuerySet.as_manager()

    class Meta:
        verbose_name = _("restrukturisasi pinjaman")
        verbose_name_plural = _("restrukturisasi pinjaman")
        ordering = ["loan_id", "effective_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tenor_months__gt=models.F("grace_months"))
                & Q(principal__gt=0),
                name="fin_restructuring_tenor_holds_grace",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.effective_on}"
