import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import collectibility
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
    late_fee_rate = models.DecimalField(
        _("denda keterlambatan (%)"),
        max_digits=6,
        decimal_places=3,
        default=0,
        db_default=0,
    )
    late_fee_period = models.CharField(
        _("denda dihitung"),
        max_length=7,
        choices=Scheme.LateFeePeriod.choices,
        default=Scheme.LateFeePeriod.DAILY,
        db_default=Scheme.LateFeePeriod.DAILY,
    )
    late_fee_cap_percent = models.DecimalField(
        _("batas denda (persen dari angsuran)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
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
    written_off_on = models.DateField(_("tanggal hapus buku"), null=True, blank=True)
    written_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dihapusbukukan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    write_off_reason = models.TextField(_("alasan hapus buku"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("pinjaman")
        verbose_name_plural = _("pinjaman")
        ordering = ["-disbursed_on", "-pk"]
        permissions = [
            ("disburse_loan", _("Dapat mencairkan pembiayaan")),
            ("pay_off_loan", _("Dapat mencatat pelunasan dipercepat")),
            ("restructure_loan", _("Dapat merestrukturisasi pinjaman")),
            ("request_write_off", _("Dapat mengusulkan hapus buku pinjaman macet")),
            ("write_off_loan", _("Dapat menyetujui hapus buku pinjaman macet")),
        ]
        indexes = [
            # The list's order: a page reads 100 rows of the index instead of
            # sorting every loan (bench/flat.py, issue 24).
            models.Index(fields=["-disbursed_on", "-id"], name="fin_loan_list_order"),
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

    def collectibility_on(self, today: datetime.date) -> int:
        """Kolektibilitas 1-5 (POJK 40/2019); a written-off loan stays Macet."""
        if self.written_off_on:
            return collectibility.MACET
        return collectibility.grade(self.days_past_due_on(today))

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
    late_fee = models.DecimalField(
        _("denda"),
        default=0,
        db_default=0,
        editable=False,
        help_text=_("Denda yang sudah dihitung sampai tanggal di bawah."),
        **MONEY,
    )
    late_fee_accrued_to = models.DateField(
        _("denda dihitung sampai"), null=True, blank=True, editable=False
    )
    late_fee_paid = models.DecimalField(
        _("denda dibayar"), default=0, db_default=0, editable=False, **MONEY
    )
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
                & Q(interest_paid__lte=F("interest"))
                & Q(late_fee_paid__gte=0)
                & Q(late_fee_paid__lte=F("late_fee")),
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
