from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.fields import PhoneNumberField
from cooperatives.models import Cooperative, District, Person
from cooperatives.models.scoping import ScopedQuerySet
from core.constraints import ConstraintFieldsMixin
from core.dates import validate_not_in_future

from .program import Program, Session


class EnrolmentQuerySet(ScopedQuerySet):
    # The district the participant was nominated from: the cooperative's, or for an
    # SME owner without a cooperative, the enterprise's.
    district_path = "district"

    def seated(self):
        """Enrolments that hold one of the program's seats."""
        return self.filter(status__in=Enrolment.SEATED)

    def waitlist(self):
        return self.filter(status=Enrolment.Status.WAITLISTED).order_by(
            "created_at", "pk"
        )


class Enrolment(ConstraintFieldsMixin, models.Model):
    """A person nominated to a program by their cooperative, an officer, a district
    office or agency staff. Confirmed while a seat is free, else waitlisted in the
    order of nomination; completed or no-show once the program is evaluated. A
    completed participant holds a certificate: a number and a verification code."""

    constraint_fields = {
        "enrolment_once_per_program_and_scope": "person",
    }

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Terdaftar")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        CANCELLED = "cancelled", _("Dibatalkan")
        COMPLETED = "completed", _("Lulus")
        NO_SHOW = "no_show", _("Tidak memenuhi kehadiran")

    SEATED = (Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW)

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi pengusul"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota asal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The participant as the nominating scope recorded them (docs/security.md,
    # "People across scopes"): what certificates, pages and the API show.
    participant_name = models.CharField(
        _("nama peserta (dicatat pengusul)"), max_length=150, blank=True
    )
    participant_phone = PhoneNumberField(_("nomor HP peserta"), blank=True)
    participant_email = models.EmailField(_("surel peserta"), blank=True)
    participant_sex = models.CharField(
        _("jenis kelamin peserta"), max_length=6, choices=Person.Sex.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    cancel_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)
    certificate_seq = models.PositiveIntegerField(
        _("urutan sertifikat"), null=True, blank=True, editable=False
    )
    certificate_number = models.CharField(
        _("nomor sertifikat"), max_length=80, unique=True, null=True, blank=True
    )
    certificate_code = models.CharField(
        _("kode verifikasi sertifikat"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
    )
    certificate_issued_on = models.DateField(
        _("tanggal sertifikat"),
        null=True,
        blank=True,
        validators=[validate_not_in_future],
    )
    created_at = models.DateTimeField(_("diusulkan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peserta program")
        verbose_name_plural = _("peserta program")
        ordering = ["program_id", "created_at", "pk"]
        indexes = [
            models.Index(fields=["program", "status"], name="enrolment_program_status"),
            models.Index(fields=["district", "status"], name="enrolment_district"),
        ]
        constraints = [
            # Once per program for each nominating scope (its district and
            # cooperative); another scope's nomination of the same person is not
            # visible to the caller, so it cannot refuse it (docs/security.md,
            # "People across scopes"). A cancelled nomination blocks nothing.
            models.UniqueConstraint(
                fields=["program", "person", "district", "cooperative"],
                condition=~Q(status="cancelled"),
                nulls_distinct=False,
                name="enrolment_once_per_program_and_scope",
                violation_error_message=_("Orang ini sudah terdaftar di program ini."),
            ),
            models.UniqueConstraint(
                fields=["program", "certificate_seq"],
                name="enrolment_certificate_seq_unique",
            ),
            models.CheckConstraint(
                condition=Q(certificate_code__isnull=True) | Q(status="completed"),
                name="enrolment_certificate_only_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.program.code}"

    def save(self, *args, **kwargs):
        if not self.participant_name and self.person_id:
            # Staff enrolling a known person: the identity's details.
            self.participant_name = self.person.name
            self.participant_phone = self.person.phone
            self.participant_email = self.person.email
        if not self.participant_sex and self.person_id:
            self.participant_sex = self.person.sex
        super().save(*args, **kwargs)

    @property
    def holds_certificate(self) -> bool:
        return bool(self.certificate_code)


class Attendance(models.Model):
    """Whether one participant was present at one session."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("sesi"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("hadir"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}: {self.present}"
