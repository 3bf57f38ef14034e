from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..fields import PhoneNumberField
from ..validators import mask_nik, validate_person_nik
from .cooperative import Cooperative
from .scoping import ScopedQuerySet


class PersonQuerySet(models.QuerySet):
    """Every lookup by NIK goes through here (UU 27/2022: NIK is personal data), so
    that storing it encrypted later changes this class, not its callers."""

    def by_nik(self, nik: str):
        return self.filter(nik=nik)

    def get_by_nik(self, nik: str) -> "Person | None":
        return self.by_nik(nik).first()

    def get_or_create_by_nik(self, nik: str, **defaults) -> tuple["Person", bool]:
        """The NIK is checked first, so a malformed one never reaches the table
        (raised as a `nik` error, like full_clean() would); the sex defaults to
        the one the NIK carries."""
        try:
            validate_person_nik(nik)
        except ValidationError as exc:
            raise ValidationError({"nik": exc.error_list}) from exc
        defaults.setdefault("sex", self.model.sex_from_nik(nik))
        return self.get_or_create(nik=nik, defaults=defaults)

    def niks_in(self, niks) -> dict[str, int]:
        """{nik: person id} for the given NIKs that exist."""
        return dict(self.filter(nik__in=list(niks)).values_list("nik", "pk"))


class Person(models.Model):
    """A natural person the agency deals with: officers, members, participants,
    mentors, business owners. Identified by NIK (16 digits), always shown masked."""

    class Sex(models.TextChoices):
        MALE = "male", _("Laki-laki")
        FEMALE = "female", _("Perempuan")

    nik = models.CharField(
        _("NIK"), max_length=16, unique=True, validators=[validate_person_nik]
    )
    name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=6, choices=Sex.choices)
    phone = PhoneNumberField(_("nomor HP (WhatsApp)"), blank=True)
    email = models.EmailField(_("surel (email)"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")
        ordering = ["name", "pk"]
        indexes = [
            # The admin changelist's order, and its search (name and email
            # icontains, `=nik` as UPPER(nik) = UPPER(…)).
            models.Index(fields=["name", "id"], name="person_name_id"),
            models.Index(Upper("nik"), name="person_nik_upper"),
            GinIndex(
                OpClass(Upper("name"), name="gin_trgm_ops"), name="person_name_trgm"
            ),
            GinIndex(
                OpClass(Upper("email"), name="gin_trgm_ops"), name="person_email_trgm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_nik})"

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    def nik_matches(self, nik: str) -> bool:
        return self.nik == nik

    @staticmethod
    def sex_from_nik(nik: str) -> str:
        """Women's NIKs carry the birth day plus 40."""
        return Person.Sex.FEMALE if int(nik[6:8]) > 40 else Person.Sex.MALE


class CooperativeRoleQuerySet(ScopedQuerySet):
    district_path = "cooperative__district"

    def current(self, on):
        return self.filter(
            Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class CooperativeRole(models.Model):
    """A person's role in a cooperative (officer, supervisor, manager, employee or
    member) for a term. A role is current while its term runs."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Pengurus")
        SUPERVISOR = "supervisor", _("Pengawas")
        MANAGER = "manager", _("Manajer")
        EMPLOYEE = "employee", _("Karyawan")
        MEMBER = "member", _("Anggota")

    class Position(models.TextChoices):
        CHAIR = "chair", _("Ketua")
        SECRETARY = "secretary", _("Sekretaris")
        TREASURER = "treasurer", _("Bendahara")

    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="roles"
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    position = models.CharField(
        _("jabatan"), max_length=10, choices=Position.choices, blank=True
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CooperativeRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("peran di koperasi")
        verbose_name_plural = _("peran di koperasi")
        ordering = ["cooperative_id", "role", "person__name"]
        indexes = [
            models.Index(fields=["cooperative", "role"], name="role_cooperative_role"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_start",
                violation_error_message=_(
                    "Tanggal berakhir tidak boleh sebelum tanggal mulai."
                ),
            ),
            models.UniqueConstraint(
                fields=["person", "cooperative", "role"],
                condition=Q(ends_on__isnull=True),
                name="role_one_open_term",
                violation_error_message=_(
                    "Orang ini sudah memegang peran tersebut di koperasi ini."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.cooperative_id}"
