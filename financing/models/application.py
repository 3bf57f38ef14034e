import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative, District, Enterprise
from core.dates import validate_not_in_future

from ..schedule import grace_problem
from ..validators import validate_checklist
from .scheme import MAX_TENOR_MONTHS, MONEY, POSITIVE, DocumentKind, Scheme
from .scoping import ApplicantScopedQuerySet

NUMBER_PREFIX = "FIN"


class ApplicationSequence(models.Model):
    """The last application number given out in a year. Its row is locked while an
    application is created, in the same transaction, so numbers have no gaps and
    no duplicates. A counter, not a record: it has no history."""

    year = models.PositiveSmallIntegerField(_("tahun"), primary_key=True)
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("urutan nomor permohonan")
        verbose_name_plural = _("urutan nomor permohonan")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def application_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:06d}"


class ApplicationQuerySet(ApplicantScopedQuerySet):
    def awaiting_review(self):
        return self.filter(
            status__in=(Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW)
        )

    def committed(self):
        """Applications whose approved amount counts against budgets and quotas."""
        return self.filter(
            status__in=(Application.Status.APPROVED, Application.Status.DISBURSED)
        )


class Application(models.Model):
    """A request by a cooperative or an SME for financing under one scheme, from
    the draft to the staff decision and the disbursement that makes it a loan.

    `district` is copied from the applicant at creation, so scope and quotas need
    no join to the applicant; `eligibility` holds the facts checked at submission
    and again at approval: a list of {rule, passed, detail}."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        UNDER_REVIEW = "under_review", _("Sedang ditinjau")
        RECOMMENDED = "recommended", _("Direkomendasikan dinas")
        FORWARDED = "forwarded", _("Diteruskan ke penyalur")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        DISBURSED = "disbursed", _("Dicairkan")
        WITHDRAWN = "withdrawn", _("Dibatalkan pemohon")

    class Purpose(models.TextChoices):
        WORKING_CAPITAL = "working_capital", _("Modal kerja")
        INVESTMENT = "investment", _("Investasi")

    number = models.CharField(
        _("nomor permohonan"), max_length=20, unique=True, editable=False
    )
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("skema"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi pemohon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financing_applications",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("UMKM pemohon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financing_applications",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    amount = models.DecimalField(_("nominal permohonan"), validators=POSITIVE, **MONEY)
    tenor_months = models.PositiveSmallIntegerField(
        _("tenor (bulan)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TENOR_MONTHS)],
    )
    purpose = models.CharField(
        _("tujuan pembiayaan"), max_length=16, choices=Purpose.choices
    )
    business_description = models.TextField(_("gambaran usaha"), blank=True)
    use_of_funds = models.TextField(_("rencana penggunaan dana"), blank=True)
    repayment_source = models.TextField(_("sumber pengembalian"), blank=True)
    monthly_revenue = models.DecimalField(
        _("omzet rata-rata per bulan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    business_started_on = models.DateField(
        _("tanggal mulai usaha"),
        null=True,
        blank=True,
        help_text=_("Dipakai bila registri tidak mencatat tanggal berdiri."),
        validators=[validate_not_in_future],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peninjau"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checklist = models.JSONField(
        _("daftar periksa"),
        default=dict,
        blank=True,
        validators=[validate_checklist],
        help_text=_('Contoh: {"KTP": true, "NIB": false}'),
    )
    notes = models.TextField(_("catatan peninjau"), blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    approved_amount = models.DecimalField(
        _("nominal disetujui"), null=True, blank=True, validators=POSITIVE, **MONEY
    )
    budget_year = models.PositiveSmallIntegerField(
        _("tahun anggaran"), null=True, blank=True, editable=False
    )
    eligibility = models.JSONField(
        _("hasil pemeriksaan syarat"), default=list, blank=True, editable=False
    )
    forwarded_at = models.DateTimeField(
        _("diteruskan ke penyalur pada"), null=True, blank=True
    )
    partner_reference = models.CharField(
        _("nomor referensi penyalur"), max_length=100, blank=True
    )
    partner_decided_on = models.DateField(
        _("tanggal keputusan penyalur"), null=True, blank=True
    )
    withdrawal_reason = models.TextField(_("alasan pembatalan"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    review_started_at = models.DateTimeField(_("mulai ditinjau"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("permohonan pembiayaan")
        verbose_name_plural = _("permohonan pembiayaan")
        ordering = ["-created_at", "-pk"]
        permissions = [  # separate duties: see financing/duties.py
            ("review_application", _("Dapat meninjau permohonan pembiayaan")),
            (
                "decide_application",
                _("Dapat menyetujui atau menolak permohonan pembiayaan"),
            ),
            ("recommend_application", _("Dapat merekomendasikan permohonan")),
            ("record_partner_decision", _("Dapat mencatat keputusan penyalur")),
        ]
        indexes = [
            models.Index(fields=["status", "district"], name="fin_app_status_district"),
            # What the installment reminders read of an application (its number
            # and its borrower), without the table.
            models.Index(
                fields=["id"],
                include=["number", "cooperative", "enterprise"],
                name="fin_app_reminder",
            ),
            models.Index(
                fields=["scheme", "budget_year", "district"],
                condition=Q(status__in=["approved", "disbursed"]),
                name="fin_app_committed",
            ),
            models.Index(
                fields=["submitted_at"],
                condition=Q(status__in=["submitted", "under_review"]),
                name="fin_app_awaiting_review",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cooperative__isnull=False, enterprise__isnull=True)
                | Q(cooperative__isnull=True, enterprise__isnull=False),
                name="fin_app_one_applicant",
                violation_error_message=_(
                    "Pemohon harus satu koperasi atau satu UMKM, tidak keduanya."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(tenor_months__gte=1),
                name="fin_app_amount_tenor_positive",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gt=0) & Q(approved_amount__lte=F("amount"))),
                name="fin_app_approved_within_request",
                violation_error_message=_(
                    "Nominal disetujui tidak boleh melebihi nominal permohonan."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "disbursed"])
                | Q(approved_amount__isnull=False, budget_year__isnull=False),
                name="fin_app_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="fin_app_rejected_has_reason",
                violation_error_message=_("Tuliskan alasan penolakan."),
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Permohonan baru"))

    @property
    def applicant(self) -> Cooperative | Enterprise | None:
        return self.cooperative or self.enterprise

    @property
    def sponsor_cooperative_id(self) -> int | None:
        """The cooperative whose officers act for the applicant (an SME's own
        cooperative, if it has one)."""
        if self.cooperative_id:
            return self.cooperative_id
        return self.enterprise.cooperative_id if self.enterprise_id else None

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self):
        if bool(self.cooperative_id) == bool(self.enterprise_id):
            raise ValidationError(
                {
                    "cooperative": _(
                        "Pemohon harus satu koperasi atau satu UMKM, tidak keduanya."
                    )
                }
            )
        if self.scheme_id and self.tenor_months is not None:
            problem = grace_problem(self.tenor_months, self.scheme.grace_months)
            if problem:
                raise ValidationError({"tenor_months": problem}, code="grace")


def document_upload_to(document: "ApplicationDocument", filename: str) -> str:
    """Stored under MEDIA_ROOT/financing/ by a random name with the extension of
    the detected content; the uploaded name is kept only as data."""
    extension = ApplicationDocument.EXTENSIONS.get(document.content_type, "")
    return f"financing/applications/{uuid.uuid4().hex}{extension}"


class ApplicationDocumentQuerySet(ApplicantScopedQuerySet):
    application_path = "application__"


class ApplicationDocument(models.Model):
    """A supporting document of an application (PDF, JPEG or PNG, checked by its
    content). Served only through views that apply the caller's scope."""

    Kind = DocumentKind

    EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

    application = models.ForeignKey(
        Application,
        verbose_name=_("permohonan"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=document_upload_to, max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=40, editable=False)
    size = models.PositiveIntegerField(_("ukuran (bita)"), editable=False)
    original_name = models.CharField(_("nama berkas asal"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ApplicationDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")
        ordering = ["application_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    content_type__in=["application/pdf", "image/jpeg", "image/png"]
                ),
                name="fin_doc_allowed_content_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"
