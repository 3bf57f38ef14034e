from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import District, Enterprise

from .. import schedule

MONEY = {"max_digits": 18, "decimal_places": 2}
POSITIVE = [MinValueValidator(1, _("Jumlah harus lebih dari nol."))]
MAX_TENOR_MONTHS = 360
MAX_GRACE_MONTHS = 60
# A scheme's price and limits, together in the admin's form and the API's listing.
PRICE_AND_LIMIT_FIELDS = (
    "annual_rate",
    "method",
    "min_amount",
    "max_amount",
    "max_tenor_months",
    "grace_months",
    "grace_kind",
    "late_fee_rate",
    "late_fee_period",
    "late_fee_cap_percent",
)


class DocumentKind(models.TextChoices):
    """The supporting documents of an application (`domain.md` §4.4 checklist);
    a scheme lists the ones it requires."""

    ID_CARD = "id_card", _("KTP")
    FAMILY_CARD = "family_card", _("Kartu Keluarga")
    NPWP = "npwp", _("NPWP")
    BUSINESS_LICENCE = "business_licence", _("NIB / Surat Keterangan Usaha")
    PROPOSAL = "proposal", _("Proposal dan RAB")
    FINANCIAL_REPORT = "financial_report", _("Laporan keuangan / RAT")
    LEGAL_DEED = "legal_deed", _("Akta dan SK badan hukum")
    RECOMMENDATION = "recommendation", _("Rekomendasi dinas")
    BUSINESS_PHOTO = "business_photo", _("Foto usaha")
    OTHER = "other", _("Lainnya")


class SchemeQuerySet(models.QuerySet):
    """The scheme catalogue is public (the simulator shows it to anyone), so it has
    no `restrict()`: every caller sees every scheme."""

    def open(self):
        return self.filter(is_open=True)


class Scheme(models.Model):
    """A low-interest financing product of a partner institution (a revolving fund,
    a KUR tier, a regional programme): its price, its limits and who may apply."""

    class Method(models.TextChoices):
        FLAT = schedule.FLAT, _("Flat")
        ANNUITY = schedule.ANNUITY, _("Anuitas")
        DECLINING = schedule.DECLINING, _("Menurun (saldo menurun)")

    class GraceKind(models.TextChoices):
        INTEREST_ONLY = schedule.INTEREST_ONLY, _("Hanya membayar bunga")
        FULL = schedule.FULL, _("Tanpa angsuran dan tanpa bunga")

    class DecidedBy(models.TextChoices):
        AGENCY = "agency", _("Dinas (dana bergulir)")
        PARTNER = "partner", _("Penyalur (KUR dan produk bank)")

    class LateFeePeriod(models.TextChoices):
        DAILY = "daily", _("per hari")
        MONTHLY = "monthly", _("per bulan")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama skema"), max_length=150)
    partner = models.CharField(_("lembaga penyalur"), max_length=150)
    decided_by = models.CharField(
        _("diputuskan oleh"),
        max_length=8,
        choices=DecidedBy.choices,
        default=DecidedBy.AGENCY,
        db_default=DecidedBy.AGENCY,
        help_text=_(
            "Dinas: dinas menyetujui dan mencairkan sendiri. Penyalur: dinas "
            "merekomendasikan dan meneruskan, bank memutuskan dan mencairkan."
        ),
    )
    description = models.TextField(_("keterangan"), blank=True)
    annual_rate = models.DecimalField(
        _("suku bunga per tahun (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    method = models.CharField(_("metode bunga"), max_length=10, choices=Method.choices)
    min_amount = models.DecimalField(_("plafon minimum"), validators=POSITIVE, **MONEY)
    max_amount = models.DecimalField(_("plafon maksimum"), validators=POSITIVE, **MONEY)
    max_tenor_months = models.PositiveSmallIntegerField(
        _("tenor maksimum (bulan)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TENOR_MONTHS)],
    )
    grace_months = models.PositiveSmallIntegerField(
        _("masa tenggang (bulan)"),
        default=0,
        validators=[MaxValueValidator(MAX_GRACE_MONTHS)],
    )
    grace_kind = models.CharField(
        _("jenis masa tenggang"),
        max_length=14,
        choices=GraceKind.choices,
        default=GraceKind.INTEREST_ONLY,
    )
    late_fee_rate = models.DecimalField(
        _("denda keterlambatan (%)"),
        max_digits=6,
        decimal_places=3,
        default=0,
        db_default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Persen dari tunggakan angsuran per hari atau per bulan; 0: tanpa denda."
        ),
    )
    late_fee_period = models.CharField(
        _("denda dihitung"),
        max_length=7,
        choices=LateFeePeriod.choices,
        default=LateFeePeriod.DAILY,
        db_default=LateFeePeriod.DAILY,
    )
    late_fee_cap_percent = models.DecimalField(
        _("batas denda (persen dari angsuran)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Denda satu angsuran paling banyak persen ini dari angsurannya; kosong: tanpa batas."
        ),
    )
    for_cooperatives = models.BooleanField(_("untuk koperasi"), default=True)
    for_enterprises = models.BooleanField(_("untuk UMKM"), default=False)
    requires_active_cooperative = models.BooleanField(
        _("wajib koperasi aktif (RAT 3 tahun terakhir)"), default=False
    )
    requires_verified_report_last_year = models.BooleanField(
        _("wajib laporan RAT tahun lalu terverifikasi"), default=False
    )
    required_training_kind = models.CharField(
        _("wajib pelatihan jenis"),
        max_length=40,
        blank=True,
        help_text=_("Kosongkan bila tidak disyaratkan."),
    )
    min_business_age_months = models.PositiveSmallIntegerField(
        _("umur usaha minimum (bulan)"), default=0
    )
    allowed_scales = ArrayField(
        models.CharField(max_length=6, choices=Enterprise.Scale.choices),
        verbose_name=_("skala UMKM yang boleh"),
        blank=True,
        default=list,
        help_text=_("Kosong: semua skala."),
    )
    districts = models.ManyToManyField(
        District,
        verbose_name=_("khusus kabupaten/kota"),
        blank=True,
        related_name="+",
        help_text=_("Kosong: seluruh provinsi."),
    )
    is_kur = models.BooleanField(
        _("KUR"),
        default=False,
        db_default=False,
        help_text=_(
            "Kredit Usaha Rakyat: satu KUR berjalan per pemohon; bunga mengikuti "
            "akses ke berapa."
        ),
    )
    rate_ladder = ArrayField(
        models.DecimalField(max_digits=5, decimal_places=2),
        verbose_name=_("suku bunga per akses (%)"),
        blank=True,
        default=list,
        help_text=_(
            "Akses pertama, kedua, dan seterusnya, misalnya 6, 7, 8, 9; akses "
            "berikutnya memakai yang terakhir. Kosong: suku bunga skema."
        ),
    )
    max_accesses = models.PositiveSmallIntegerField(
        _("batas akses KUR"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Paling banyak akses ke berapa (KUR Mikro sektor non-produksi: 2); "
            "kosong: tanpa batas."
        ),
    )
    max_accesses_production = models.PositiveSmallIntegerField(
        _("batas akses KUR sektor produksi pertanian/perikanan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Untuk usaha pertanian, kehutanan dan perikanan (KBLI 01-03, seksi A; "
            "KUR Mikro: 4); kosong: sama dengan batas akses KUR."
        ),
    )
    required_documents = ArrayField(
        models.CharField(max_length=20, choices=DocumentKind.choices),
        verbose_name=_("dokumen wajib"),
        blank=True,
        default=list,
        help_text=_(
            "Permohonan tidak dapat diajukan sebelum dokumen ini diunggah; "
            "kosong: tidak ada yang diwajibkan."
        ),
    )
    max_tenor_working_capital_months = models.PositiveSmallIntegerField(
        _("tenor maksimum modal kerja (bulan)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TENOR_MONTHS)],
        help_text=_("Kosong: tenor maksimum skema."),
    )
    max_tenor_investment_months = models.PositiveSmallIntegerField(
        _("tenor maksimum investasi (bulan)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TENOR_MONTHS)],
        help_text=_("Kosong: tenor maksimum skema."),
    )
    is_open = models.BooleanField(_("dibuka"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("skema pembiayaan")
        verbose_name_plural = _("skema pembiayaan")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__gt=0) & Q(max_amount__gte=F("min_amount")),
                name="scheme_amount_range",
                violation_error_message=_(
                    "Plafon maksimum tidak boleh kurang dari plafon minimum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(annual_rate__gte=0) & Q(annual_rate__lte=100),
                name="scheme_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(max_tenor_months__gte=1)
                & Q(max_tenor_months__lte=MAX_TENOR_MONTHS),
                name="scheme_tenor_range",
            ),
            models.CheckConstraint(
                condition=Q(for_cooperatives=True) | Q(for_enterprises=True),
                name="scheme_has_applicant_kind",
                violation_error_message=_(
                    "Pilih minimal satu jenis pemohon: koperasi atau UMKM."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"

    @property
    def is_partner_decided(self) -> bool:
        return self.decided_by == self.DecidedBy.PARTNER

    @property
    def required_document_labels(self) -> list[str]:
        return [str(DocumentKind(kind).label) for kind in self.required_documents]

    def max_tenor_for(self, purpose: str | None) -> int:
        """The longest tenor for a purpose (`working_capital`, `investment`)."""
        limit = {
            "working_capital": self.max_tenor_working_capital_months,
            "investment": self.max_tenor_investment_months,
        }.get(purpose or "")
        return min(limit, self.max_tenor_months) if limit else self.max_tenor_months

    def clean(self):
        if (
            self.max_tenor_months is not None
            and self.grace_months is not None
            and self.max_tenor_months <= self.grace_months
        ):
            raise ValidationError(
                {
                    "grace_months": schedule.grace_problem(
                        self.max_tenor_months, self.grace_months
                    )
                }
            )
        if (
            self.min_amount is not None
            and self.max_amount is not None
            and self.max_amount < self.min_amount
        ):
            raise ValidationError(
                {
                    "max_amount": _(
                        "Plafon maksimum tidak boleh kurang dari plafon minimum."
                    )
                }
            )


class SchemeBudget(models.Model):
    """The ceiling of a scheme in one budget year: approvals in that year may not
    add up beyond it. A year without a row has no ceiling."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("skema"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    year = models.PositiveSmallIntegerField(
        _("tahun anggaran"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    ceiling = models.DecimalField(_("pagu"), validators=POSITIVE, **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pagu tahunan skema")
        verbose_name_plural = _("pagu tahunan skema")
        ordering = ["scheme_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year"],
                name="scheme_budget_one_per_year",
                violation_error_message=_("Pagu tahun ini sudah ada untuk skema ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.year}"


class SchemeDistrictQuota(models.Model):
    """The share of a scheme one district may be approved in a budget year."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("skema"),
        on_delete=models.CASCADE,
        related_name="district_quotas",
    )
    year = models.PositiveSmallIntegerField(
        _("tahun anggaran"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ceiling = models.DecimalField(_("kuota"), validators=POSITIVE, **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kuota kabupaten/kota")
        verbose_name_plural = _("kuota kabupaten/kota")
        ordering = ["scheme_id", "-year", "district_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "district"],
                name="scheme_quota_one_per_district_year",
                violation_error_message=_(
                    "Kuota kabupaten/kota ini untuk tahun tersebut sudah ada."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.year} {self.district_id}"
