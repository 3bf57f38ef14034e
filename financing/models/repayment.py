"""Payments received for a loan, their allocation to installments, and the
delinquency bands of the portfolio-at-risk figures."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .loan import Installment, Loan
from .scheme import MONEY
from .scoping import ApplicantScopedQuerySet


class RepaymentQuerySet(ApplicantScopedQuerySet):
    application_path = "loan__application__"


class Repayment(models.Model):
    """A payment received for a loan, identified by its external reference (a
    bank transfer number): recording the same reference twice records it once."""

    loan = models.ForeignKey(
        Loan,
        verbose_name=_("pinjaman"),
        on_delete=models.PROTECT,
        related_name="repayments",
    )
    reference = models.CharField(_("referensi pembayaran"), max_length=100, unique=True)
    amount = models.DecimalField(_("jumlah"), **MONEY)
    paid_on = models.DateField(_("tanggal bayar"))
    late_fee_part = models.DecimalField(
        _("untuk denda"), default=0, db_default=0, editable=False, **MONEY
    )
    interest_part = models.DecimalField(_("untuk bunga"), editable=False, **MONEY)
    principal_part = models.DecimalField(_("untuk pokok"), editable=False, **MONEY)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    is_early_payoff = models.BooleanField(
        _("pelunasan dipercepat"), default=False, db_default=False, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RepaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("pembayaran angsuran")
        verbose_name_plural = _("pembayaran angsuran")
        ordering = ["-paid_on", "-pk"]
        permissions = [("record_repayment", _("Dapat mencatat pembayaran angsuran"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0)
                & Q(
                    amount=F("late_fee_part") + F("interest_part") + F("principal_part")
                ),
                name="fin_repayment_allocated_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class RepaymentAllocation(models.Model):
    """The part of a repayment applied to one installment."""

    repayment = models.ForeignKey(
        Repayment,
        verbose_name=_("pembayaran"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    installment = models.ForeignKey(
        Installment,
        verbose_name=_("angsuran"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    late_fee = models.DecimalField(_("denda"), default=0, db_default=0, **MONEY)
    interest = models.DecimalField(_("bunga"), **MONEY)
    principal = models.DecimalField(_("pokok"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alokasi pembayaran")
        verbose_name_plural = _("alokasi pembayaran")
        ordering = ["repayment_id", "installment_id"]

    def __str__(self) -> str:
        return f"{self.repayment_id} → {self.installment_id}"


class DelinquencyBand(models.Model):
    """A range of days past due for the portfolio-at-risk figures (PAR), which
    staff can change. PAR at a band is the outstanding principal of the loans in
    it and every later band."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    label = models.CharField(_("nama"), max_length=60)
    min_days = models.PositiveIntegerField(_("dari hari ke"))
    max_days = models.PositiveIntegerField(
        _("sampai hari ke"), null=True, blank=True, help_text=_("Kosong: tanpa batas.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kelompok tunggakan")
        verbose_name_plural = _("kelompok tunggakan")
        ordering = ["min_days"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_days__gte=1)
                & (Q(max_days__isnull=True) | Q(max_days__gte=F("min_days"))),
                name="fin_band_range",
                violation_error_message=_(
                    "Rentang hari harus mulai dari 1 dan tidak terbalik."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def contains(self, days: int) -> bool:
        return days >= self.min_days and (
            self.max_days is None or days <= self.max_days
        )
