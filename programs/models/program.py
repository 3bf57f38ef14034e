import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative, District
from cooperatives.models.scoping import officer_cooperative_ids
from core.constraints import ConstraintFieldsMixin
from core.dates import date_range

from .choices import PROGRAM_TOPICS

validate_program_code = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{2,29}\Z",
    _("Kode program: huruf besar, angka dan tanda hubung, misalnya DIKLAT-2026-001."),
)


class ProgramQuerySet(models.QuerySet):
    def restrict(self, scope):
        """Staff see every program; a district office its own district's programs
        and the province-wide ones; an officer those open to their cooperatives'
        districts. Drafts are the agency's own work in progress."""
        if scope.everything:
            return self
        visible = self.exclude(status=Program.Status.DRAFT)
        if scope.district_code:
            return visible.filter(
                Q(district=scope.district_code) | Q(district__isnull=True)
            )
        if scope.officer_user_id:
            districts = Cooperative.objects.filter(
                pk__in=officer_cooperative_ids(scope.officer_user_id)
            ).values("district_id")
            return visible.filter(Q(district__in=districts) | Q(district__isnull=True))
        return self.none()

    def listed(self):
        """What the public catalogue shows: announced and running programs."""
        return self.filter(
            status__in=(Program.Status.PUBLISHED, Program.Status.ONGOING)
        )

    def open_on(self, day: datetime.date):
        return self.filter(
            status=Program.Status.PUBLISHED,
            registration_opens__lte=day,
            registration_closes__gte=day,
        )


class Program(ConstraintFieldsMixin, models.Model):
    """A training (diklat), technical guidance (bimtek), mentoring (pendampingan) or
    empowerment program the agency runs for one year's budget: announced with a
    quota and a registration window, held in sessions, closed by evaluating each
    participant's attendance against `completion_rule_percent`."""

    constraint_fields = {
        "program_ends_after_start": "ends_on",
        "program_registration_window": "registration_closes",
        "program_quota_positive": "quota",
        "program_completion_rule_range": "completion_rule_percent",
    }

    class Kind(models.TextChoices):
        TRAINING = "training", _("Diklat")
        TECHNICAL_GUIDANCE = "technical_guidance", _("Bimtek")
        MENTORING = "mentoring", _("Pendampingan")
        EMPOWERMENT = "empowerment", _("Pemberdayaan")

    class Audience(models.TextChoices):
        OFFICERS = "officers", _("Pengurus, pengawas dan pengelola koperasi")
        MEMBERS = "members", _("Anggota koperasi")
        SMES = "smes", _("Pelaku UMKM")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Diumumkan")
        ONGOING = "ongoing", _("Berlangsung")
        COMPLETED = "completed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    class FundingSource(models.TextChoices):
        APBD = "apbd", "APBD"
        DAK = "dak", "DAK"
        APBN = "apbn", "APBN"
        CSR = "csr", "CSR"

    code = models.CharField(
        _("kode program"),
        max_length=30,
        unique=True,
        validators=[validate_program_code],
    )
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis program"), max_length=20, choices=Kind.choices)
    topic = models.CharField(
        _("topik"), max_length=40, choices=PROGRAM_TOPICS, blank=True
    )
    description = models.TextField(_("uraian"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("tahun anggaran"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    audience = models.CharField(_("sasaran"), max_length=10, choices=Audience.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        help_text=_("Kosong: program untuk seluruh provinsi."),
    )
    quota = models.PositiveIntegerField(
        _("kuota peserta"), validators=[MinValueValidator(1)]
    )
    registration_opens = models.DateField(_("pendaftaran dibuka"))
    registration_closes = models.DateField(_("pendaftaran ditutup"))
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(
        _("jam pelajaran (JP)"), default=0, validators=[MaxValueValidator(1000)]
    )
    funding_source = models.CharField(
        _("sumber dana"), max_length=4, choices=FundingSource.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    completion_rule_percent = models.PositiveSmallIntegerField(
        _("syarat kehadiran (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Peserta lulus bila hadir sekurang-kurangnya persen sesi ini."),
    )
    signatory_name = models.CharField(
        _("nama penanda tangan sertifikat"), max_length=150, blank=True
    )
    signatory_title = models.CharField(
        _("jabatan penanda tangan"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-starts_on", "code"]
        indexes = [
            models.Index(fields=["status", "starts_on"], name="program_status_start"),
            models.Index(fields=["year", "kind"], name="program_year_kind"),
            models.Index(fields=["district", "status"], name="program_district_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="program_ends_after_start",
                violation_error_message=_(
                    "Tanggal selesai tidak boleh sebelum tanggal mulai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gte=F("registration_opens")),
                name="program_registration_window",
                violation_error_message=_(
                    "Pendaftaran tidak boleh ditutup sebelum dibuka."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quota__gte=1), name="program_quota_positive"
            ),
            models.CheckConstraint(
                condition=Q(completion_rule_percent__gte=1)
                & Q(completion_rule_percent__lte=100),
                name="program_completion_rule_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self):
        errors = {}
        if self.code:
            self.code = self.code.strip().upper()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            errors["registration_closes"] = _(
                "Pendaftaran tidak boleh ditutup sebelum dibuka."
            )
        elif (
            self.registration_closes
            and self.ends_on
            and self.registration_closes > self.ends_on
        ):
            errors["registration_closes"] = _(
                "Pendaftaran harus ditutup paling lambat pada tanggal selesai program."
            )
        if self.kind == self.Kind.MENTORING and self.audience == self.Audience.MEMBERS:
            errors["audience"] = _(
                "Pendampingan ditujukan kepada pengurus koperasi atau pelaku UMKM."
            )
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day: datetime.date) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.registration_opens <= day <= self.registration_closes
        )

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def dates_display(self) -> str:
        """`4 Juli 2023 s.d. 6 Juli 2023`, the way official letters write it."""
        return date_range(self.starts_on, self.ends_on)


class Session(ConstraintFieldsMixin, models.Model):
    """One scheduled meeting of a program: its time, place and trainer
    (narasumber). Attendance is taken per session."""

    constraint_fields = {
        "session_ends_after_start": "ends_at",
    }

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    title = models.CharField(_("materi"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    trainer = models.CharField(_("narasumber"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("Sesi harus selesai sesudah dimulai."),
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.title or _('Sesi')} — {start:%d-%m-%Y %H.%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Sesi harus selesai sesudah dimulai.")})
        if not (self.starts_at and self.program_id):
            return
        day = timezone.localtime(self.starts_at).date()
        program = self.program
        if (
            program.starts_on
            and program.ends_on
            and not program.starts_on <= day <= program.ends_on
        ):
            raise ValidationError(
                {
                    "starts_at": _(
                        "Sesi harus berada di antara tanggal mulai dan selesai program."
                    )
                }
            )
