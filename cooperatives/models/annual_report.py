import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import ConstraintFieldsMixin
from core.dates import validate_not_in_future

from ..rules import balance_warning
from .cooperative import Cooperative
from .regions import District
from .scoping import ScopedQuerySet

MONEY = {"max_digits": 18, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(0, _("Jumlah tidak boleh negatif."))]
FIRST_FISCAL_YEAR = 1945


def attachment_upload_to(report: "AnnualReport", filename: str) -> str:
    """A random name under MEDIA_ROOT/cooperatives/: the files are served only
    through views that apply the caller's scope, never from MEDIA_URL."""
    return f"cooperatives/annual_reports/{uuid.uuid4().hex}.pdf"


class AnnualReportQuerySet(ScopedQuerySet):
    # Access follows the cooperative (a moved cooperative's open reports move with it);
    # statistics group by the report's own `district`, the snapshot of verification.
    district_path = "cooperative__district"

    def verified(self):
        return self.filter(status=AnnualReport.Status.VERIFIED)


class AnnualReport(ConstraintFieldsMixin, models.Model):
    """The annual members' meeting (RAT) report of one cooperative for one fiscal
    year. Once verified it is a frozen snapshot: the district, name and kind are
    copied from the cooperative so later edits to the cooperative do not change it."""

    constraint_fields = {
        "report_one_per_cooperative_year": "fiscal_year",
        "report_rat_after_fiscal_year": "rat_held_on",
        "report_verified_has_rat_date": "rat_held_on",
        "report_fiscal_year_plausible": "fiscal_year",
    }

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        VERIFIED = "verified", _("Diverifikasi")

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("tahun buku"))
    rat_held_on = models.DateField(
        _("tanggal RAT"), null=True, blank=True, validators=[validate_not_in_future]
    )
    members_male = models.PositiveIntegerField(_("anggota laki-laki"), default=0)
    members_female = models.PositiveIntegerField(_("anggota perempuan"), default=0)
    officers = models.PositiveIntegerField(_("jumlah pengurus"), default=0)
    supervisors = models.PositiveIntegerField(_("jumlah pengawas"), default=0)
    employees = models.PositiveIntegerField(_("jumlah karyawan"), default=0)
    own_capital = models.DecimalField(
        _("modal sendiri"), default=0, validators=NON_NEGATIVE, **MONEY
    )
    external_capital = models.DecimalField(
        _("modal luar"), default=0, validators=NON_NEGATIVE, **MONEY
    )
    assets = models.DecimalField(_("aset"), default=0, validators=NON_NEGATIVE, **MONEY)
    business_volume = models.DecimalField(
        _("volume usaha"), default=0, validators=NON_NEGATIVE, **MONEY
    )
    surplus = models.DecimalField(_("sisa hasil usaha (SHU)"), default=0, **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The documents the agency receives with the figures (PDF, checked by content).
    minutes_file = models.FileField(
        _("berita acara RAT"),
        upload_to=attachment_upload_to,
        max_length=200,
        blank=True,
        editable=False,
    )
    financial_statements_file = models.FileField(
        _("laporan keuangan"),
        upload_to=attachment_upload_to,
        max_length=200,
        blank=True,
        editable=False,
    )
    # Snapshot of the cooperative, taken when the report is verified.
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    cooperative_name = models.CharField(
        _("nama koperasi saat verifikasi"), max_length=200, blank=True, editable=False
    )
    cooperative_kind = models.CharField(
        _("jenis koperasi saat verifikasi"),
        max_length=20,
        blank=True,
        editable=False,
        choices=Cooperative.Kind.choices,  # read by its label, like the registry's
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan RAT")
        verbose_name_plural = _("laporan RAT")
        ordering = ["-fiscal_year", "cooperative_id"]
        indexes = [
            models.Index(
                fields=["fiscal_year", "status", "district"],
                name="report_year_status_district",
            ),
            models.Index(fields=["status", "district"], name="report_status_district"),
            # The API list's order (newest year first, then id).
            models.Index(fields=["-fiscal_year", "id"], name="report_year_desc_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "fiscal_year"],
                name="report_one_per_cooperative_year",
                violation_error_message=_(
                    "Koperasi ini sudah memiliki laporan RAT untuk tahun buku tersebut."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rat_held_on__isnull=True)
                | Q(rat_held_on__year__gt=F("fiscal_year")),
                name="report_rat_after_fiscal_year",
                violation_error_message=_(
                    "Tanggal RAT harus sesudah tahun buku berakhir."
                ),
            ),
            models.CheckConstraint(
                condition=Q(own_capital__gte=0)
                & Q(external_capital__gte=0)
                & Q(assets__gte=0)
                & Q(business_volume__gte=0),
                name="report_money_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(rat_held_on__isnull=False),
                name="report_verified_has_rat_date",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR),
                name="report_fiscal_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_name or self.cooperative_id} — {self.fiscal_year}"

    def save(self, *args, **kwargs):
        # Until verification freezes it, the report sits in its cooperative's district.
        if self.cooperative_id and (
            not self.district_id or self.status != self.Status.VERIFIED
        ):
            self.district_id = self.cooperative.district_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "district"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        this_year = timezone.localdate().year
        if self.fiscal_year is not None and not (
            FIRST_FISCAL_YEAR <= self.fiscal_year <= this_year
        ):
            errors["fiscal_year"] = _(
                "Tahun buku harus antara %(min)s dan %(max)s."
            ) % {
                "min": FIRST_FISCAL_YEAR,
                "max": this_year,
            }
        # A RAT in the future is refused by the field's own validator.
        if (
            self.rat_held_on
            and self.fiscal_year
            and self.rat_held_on <= datetime.date(self.fiscal_year, 12, 31)
        ):
            errors["rat_held_on"] = _(
                "Tanggal RAT harus sesudah tahun buku %(year)s berakhir (31 Desember)."
            ) % {"year": self.fiscal_year}
        if errors:
            raise ValidationError(errors)

    # The attachments by the name URLs and the API use.
    ATTACHMENTS = {
        "minutes": "minutes_file",
        "financial_statements": "financial_statements_file",
    }
    # The figures staff correct (a correction keeps their earlier values).
    FIGURES = (
        "rat_held_on",
        "members_male",
        "members_female",
        "officers",
        "supervisors",
        "employees",
        "own_capital",
        "external_capital",
        "assets",
        "business_volume",
        "surplus",
    )

    @property
    def balance_warning(self) -> str:
        """A warning (never a refusal) when the balance sheet does not balance."""
        return balance_warning(
            assets=self.assets,
            own_capital=self.own_capital,
            external_capital=self.external_capital,
        )

    @property
    def members_total(self) -> int:
        return self.members_male + self.members_female

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class AnnualReportCorrectionQuerySet(ScopedQuerySet):
    district_path = "report__cooperative__district"
    cooperative_path = "report__cooperative"


class AnnualReportCorrection(models.Model):
    """A staff correction of the figures of a submitted or verified report: who,
    when, why, and the figures before and after (the earlier version is kept)."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("laporan RAT"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    report_status = models.CharField(
        _("status laporan saat dikoreksi"),
        max_length=10,
        choices=AnnualReport.Status.choices,
    )
    reason = models.TextField(_("alasan koreksi"))
    # {field: [before, after]} as text, and every figure as it was before.
    changes = models.JSONField(_("perubahan"), default=dict)
    previous = models.JSONField(_("versi sebelumnya"), default=dict)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikoreksi oleh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("dikoreksi pada"), auto_now_add=True)

    objects = AnnualReportCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("koreksi laporan RAT")
        verbose_name_plural = _("koreksi laporan RAT")
        ordering = ["report_id", "-corrected_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="report_correction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} — {self.corrected_at:%Y-%m-%d}"
