import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative, Enterprise, Person
from cooperatives.models.scoping import ScopedQuerySet
from core.constraints import ConstraintFieldsMixin
from core.dates import validate_not_in_future

from .choices import MentoringField
from .program import Program

ONE_MENTEE = _("Isi koperasi atau UMKM yang didampingi, salah satu saja.")


class MenteeScopedQuerySet(ScopedQuerySet):
    """Mentoring is of a cooperative or of an enterprise: a district sees both in
    its district, an officer their cooperatives', an owner their enterprise's."""

    mentee_path = ""  # the path to the assignment's cooperative and enterprise

    def restrict(self, scope):
        path = self.mentee_path
        if scope.district_code:
            return self.filter(
                Q(**{f"{path}cooperative__district": scope.district_code})
                | Q(**{f"{path}enterprise__district": scope.district_code})
            )
        return super().restrict(scope)


class MentorAssignmentQuerySet(MenteeScopedQuerySet):
    cooperative_path = "cooperative"
    owner_path = "enterprise__owner_user"

    def current(self, on):
        return self.filter(
            Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class MentorAssignment(ConstraintFieldsMixin, models.Model):
    """A mentor (pendamping, a registered person) assigned to guide one cooperative
    or one enterprise (UMKM) — exactly one of the two, the *mentee* — in one of the
    seven PLUT fields, for a term within a program year."""

    constraint_fields = {
        "mentor_ends_after_start": "ends_on",
        "mentor_once_per_field_year": "year",
        "mentor_enterprise_once_per_field_year": "year",
        "mentor_one_mentee": "cooperative",
    }

    mentor = models.ForeignKey(
        Person,
        verbose_name=_("pendamping"),
        on_delete=models.PROTECT,
        related_name="mentor_assignments",
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_assignments",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("UMKM"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_assignments",
        help_text=_("Isi koperasi atau UMKM yang didampingi, salah satu saja."),
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program pendampingan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentor_assignments",
        limit_choices_to={"kind": Program.Kind.MENTORING},
    )
    field = models.CharField(
        _("bidang pendampingan"), max_length=25, choices=MentoringField.choices
    )
    year = models.PositiveSmallIntegerField(
        _("tahun program"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditugaskan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MentorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan pendamping")
        verbose_name_plural = _("penugasan pendamping")
        ordering = ["-year", "cooperative_id", "pk"]
        indexes = [
            models.Index(fields=["year", "cooperative"], name="mentor_year_cooperative")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="mentor_ends_after_start",
                violation_error_message=_(
                    "Tanggal berakhir tidak boleh sebelum tanggal mulai."
                ),
            ),
            models.UniqueConstraint(
                fields=["mentor", "cooperative", "field", "year"],
                name="mentor_once_per_field_year",
                violation_error_message=_(
                    "Pendamping ini sudah ditugaskan ke koperasi ini untuk bidang "
                    "dan tahun tersebut."
                ),
            ),
            models.UniqueConstraint(
                fields=["mentor", "enterprise", "field", "year"],
                name="mentor_enterprise_once_per_field_year",
                violation_error_message=_(
                    "Pendamping ini sudah ditugaskan ke UMKM ini untuk bidang "
                    "dan tahun tersebut."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cooperative__isnull=False, enterprise__isnull=True)
                | Q(cooperative__isnull=True, enterprise__isnull=False),
                name="mentor_one_mentee",
                violation_error_message=ONE_MENTEE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.name} → {self.mentee.name} ({self.year})"

    @property
    def mentee(self) -> Cooperative | Enterprise:
        """The cooperative or the enterprise mentored."""
        return self.cooperative if self.cooperative_id else self.enterprise

    def runs_on(self, day: datetime.date) -> bool:
        """Whether the assignment runs on `day` (its end day included): visits
        are recorded and corrected by the mentor only then."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def clean(self):
        # Exactly one mentee: `mentor_one_mentee`, reported under `cooperative`.
        errors = {}
        if self.program_id and self.year and self.program.year != self.year:
            errors["year"] = _(
                "Tahun program harus sama dengan tahun anggaran program."
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
        if self.starts_on and self.year and self.starts_on.year > self.year + 1:
            errors["starts_on"] = _("Tanggal mulai terlalu jauh dari tahun program.")
        if errors:
            raise ValidationError(errors)


class MentoringVisitQuerySet(MenteeScopedQuerySet):
    mentee_path = "assignment__"
    cooperative_path = "assignment__cooperative"
    owner_path = "assignment__enterprise__owner_user"


class MentoringVisit(ConstraintFieldsMixin, models.Model):
    """A mentor's visit to the cooperative or enterprise: what was found, what was recommended,
    and when to follow up."""

    constraint_fields = {
        "visit_follow_up_after_visit": "follow_up_on",
    }

    assignment = models.ForeignKey(
        MentorAssignment,
        verbose_name=_("penugasan"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    visited_on = models.DateField(
        _("tanggal kunjungan"), validators=[validate_not_in_future]
    )
    findings = models.TextField(_("temuan"))
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    follow_up_on = models.DateField(_("tanggal tindak lanjut"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MentoringVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("kunjungan pendampingan")
        verbose_name_plural = _("kunjungan pendampingan")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True)
                | Q(follow_up_on__gte=F("visited_on")),
                name="visit_follow_up_after_visit",
                violation_error_message=_(
                    "Tanggal tindak lanjut tidak boleh sebelum tanggal kunjungan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} — {self.visited_on:%d-%m-%Y}"

    def clean(self):
        errors = {}
        if (
            self.visited_on
            and self.assignment_id
            and self.visited_on < self.assignment.starts_on
        ):
            errors["visited_on"] = _("Kunjungan tidak boleh sebelum penugasan dimulai.")
        if (
            self.follow_up_on
            and self.visited_on
            and self.follow_up_on < self.visited_on
        ):
            errors["follow_up_on"] = _(
                "Tanggal tindak lanjut tidak boleh sebelum tanggal kunjungan."
            )
        if errors:
            raise ValidationError(errors)
