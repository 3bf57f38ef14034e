import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .application import Application
from .scheme import MONEY, Scheme
from .scoping import ApplicantScopedQuerySet


class DaysBetween(Func):
    """`later - earlier` in whole days (PostgreSQL: date - date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class LoanQuerySet(ApplicantScopedQuerySet):
    application_path = "application__"

    def open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)

    def in_arrears(self, today: datetime.date):
        return self.open().filter(oldest_unpaid_due_on__lt=today)

    def current(self, today: datetime.date):
        return self.open().filter(
            Q(oldest_unpaid_due_on__isnull=True) | Q(oldest_unpaid_due_on__gte=today)
        )

    def with_arrears(self, today: datetime.date):
        """`days_past_due` and `status` from the kept columns: no subquery."""
        in_arrears = Q(closed_on__isnull=True, oldest_unpaid_due_on__lt=today)
        return self.annotate(
            days_past_due=Case(
                When(
                    in_arrears,
                    then=DaysBetween(Value(today), F("oldest_unpaid_due_on")),
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
            status=Case(
                When(closed_on__isnull=False, then=Value(Loan.Status.CLOSED)),
                When(in_arrears, then=Value(Loan.Status.IN_ARREARS)),
                default=Value(Loan.Status.CURRENT),
                output_field=models.CharField(),
            ),
        )


class Loan(models.Model):
    """The financing an approved application became at disbursement: its terms
    (copied from the scheme at that moment) and its installment schedule.

    `outstanding_principal` and `oldest_unpaid_due_on` are kept by the services
    from the installments (like a cooperative's `last_rat_on`), so lists derive
    days past due and status without reading the installments."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Lancar")
        IN_ARREARS = "in_arrears", _("Menunggak")
        CLOSED = "closed", _("Lunas")

    application = models.OneToOneField(
        Application,
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        related_name="loan",
    )
    principal = models.DecimalField(_("pokok pinjaman"), **MONEY)
    annual_rate = models.DecimalField(
        _("suku bunga per tahun (%)"), max_digits=5, decimal_places=2
    )
    method = models.CharField(
        _("metode bunga"), max_length=10, choices=Scheme.Method.choices
    )
    tenor_months = models.PositiveSmallIntegerField(_("tenor (bulan)"))
    grace_months = models.PositiveSmallIntegerField(_("masa tenggang (bulan)"))
    grace_kind = models.CharField(
        _("jenis masa tenggang"), max_length=14, choices=Scheme.GraceKind.choices
    )
    disbursed_on = models.DateField(_("tanggal pencairan"))
    first_due_on = models.DateField(_("jatuh tempo pertama"))
    disbursement_reference = models.CharField(
        _("referensi pencairan"), max_length=100, blank=True
    )
    disbursed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicairkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approver_disbursed = models.BooleanField(
        _("dicairkan oleh penyetuju"),
        default=False,
        db_default=False,  # rows inserted by SQL (benchmarks, restores) too
        editable=False,
        help_text=_(
            "Penyetuju permohonan juga mencairkannya, karena pemisahan tugas "
            "dilonggarkan (FINANCING_ALLOW_SAME_APPROVER_DISBURSER)."
        ),
    )
    outstanding_principal = models.DecimalField(
        _("sisa pokok"), editable=False, **MONEY
    )
    oldest_unpaid_due_on = models.DateField(
        _("jatuh tempo angsuran tertua yang belum lunas"),
        null=True,
        blank=True,
        editable=False,
    )
    closed_on = models.DateField(_("tanggal lunas"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("pinjaman")
        verbose_name_plural = _("pinjaman")
        ordering = ["-disbursed_on", "-pk"]
        permissions = [("disburse_loan", _("Dapat mencairkan pembiayaan"))]
        indexes = [
            models.Index(
                fields=["oldest_unpaid_due_on"],
                condition=Q(closed_on__isnull=True),
                name="fin_loan_open_oldest_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0)
                & Q(outstanding_principal__gte=0)
                & Q(outstanding_principal__lte=F("principal")),
                name="fin_loan_outstanding_within_principal",
            ),
            models.UniqueConstraint(
                fields=["disbursement_reference"],
                condition=~Q(disbursement_reference=""),
                name="fin_loan_disbursement_reference_unique",
                violation_error_message=_("Referensi pencairan ini sudah dipakai."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)

    def days_past_due_on(self, today: datetime.date) -> int:
        if self.closed_on or not self.oldest_unpaid_due_on:
            return 0
        return max((today - self.oldest_unpaid_due_on).days, 0)

    def status_on(self, today: datetime.date) -> str:
        if self.closed_on:
            return self.Status.CLOSED
        if self.days_past_due_on(today):
            return self.Status.IN_ARREARS
        return self.Status.CURRENT


class InstallmentQuerySet(ApplicantScopedQuerySet):
    application_path = "loan__application__"

    def unpaid(self):
        return self.filter(paid_on__isnull=True)


class Installment(models.Model):
    """One month of a loan's schedule: what falls due on `due_date`, what has been
    paid of it, and the day it was paid in full."""

    loan = models.ForeignKey(
        Loan,
        verbose_name=_("pinjaman"),
        on_delete=models.CASCADE,
        related_name="installments",
    )
    number = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_date = models.DateField(_("jatuh tempo"))
    principal = models.DecimalField(_("pokok"), **MONEY)
    interest = models.DecimalField(_("bunga"), **MONEY)
    balance = models.DecimalField(_("sisa pokok sesudahnya"), **MONEY)
    principal_paid = models.DecimalField(_("pokok dibayar"), default=0, **MONEY)
    interest_paid = models.DecimalField(_("bunga dibayar"), default=0, **MONEY)
    paid_on = models.DateField(_("lunas pada"), null=True, blank=True)

    history = HistoricalRecords()
    objects = InstallmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("angsuran")
        verbose_name_plural = _("angsuran")
        ordering = ["loan_id", "number"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(paid_on__isnull=True),
                name="fin_inst_unpaid_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "number"], name="fin_inst_one_per_number"
            ),
            models.CheckConstraint(
                condition=Q(principal__gte=0)
                & Q(interest__gte=0)
                & Q(principal_paid__gte=0)
                & Q(principal_paid__lte=F("principal"))
                & Q(interest_paid__gte=0)
                & Q(interest_paid__lte=F("interest")),
                name="fin_inst_paid_within_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.number}"

    @property
    def payment(self):
        return self.principal + self.interest

    @property
    def amount_paid(self):
        return self.principal_paid + self.interest_paid

    @property
    def amount_left(self):
        return self.payment - self.amount_paid


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
    interest_part = models.DecimalField(_("untuk bunga"), editable=False, **MONEY)
    principal_part = models.DecimalField(_("untuk pokok"), editable=False, **MONEY)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
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
                & Q(amount=F("interest_part") + F("principal_part")),
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
