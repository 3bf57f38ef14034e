from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import ConstraintFieldsMixin

from ..fields import PhoneNumberField
from ..nik_crypto import decrypt_nik, encrypt_nik, hash_nik
from ..validators import mask_nik, validate_person_nik
from .cooperative import Cooperative
from .scoping import ScopedQuerySet


class PersonQuerySet(models.QuerySet):
    """Every lookup by NIK goes through here (UU 27/2022: NIK is personal data): the
    table holds only its ciphertext and keyed hash, so a NIK is found by its hash,
    exactly (there is no partial NIK search)."""

    def by_nik(self, nik: str):
        return self.filter(nik_hash=hash_nik(nik or ""))

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
        defaults["nik"] = nik
        return self.get_or_create(nik_hash=hash_nik(nik), defaults=defaults)

    def niks_in(self, niks) -> dict[str, int]:
        """{nik: person id} for the given NIKs that exist."""
        by_hash = {hash_nik(nik): nik for nik in niks}
        found = self.filter(nik_hash__in=list(by_hash)).values_list("nik_hash", "pk")
        return {by_hash[digest]: pk for digest, pk in found}


class Person(models.Model):
    """A natural person the agency deals with: officers, members, participants,
    mentors, business owners. Identified by NIK (16 digits), always shown masked.

    This is the province's *identity* of the person (one per NIK, for dedup,
    training history and loan limits); only agency staff edit it. What a
    cooperative, a district or an enterprise was told about the person (name,
    phone, email) lives on its own link row (CooperativeRole.person_*,
    Enterprise.owner_name, Enrolment.participant_*) and is all a scoped caller
    ever sees (docs/security.md, "People across scopes")."""

    class Sex(models.TextChoices):
        MALE = "male", _("Laki-laki")
        FEMALE = "female", _("Perempuan")

    # The neutral name an anonymised person (and each copy of their name on a
    # link row) carries: stored as is, in no language in particular.
    ANONYMISED_NAME = "Anonim"

    # The NIK itself is `person.nik` (a property below): at rest only these two.
    nik_encrypted = models.BinaryField(_("NIK (terenkripsi)"), editable=False)
    # Hex digits compared byte by byte ("C"): the unique index a first load
    # builds again sorts in half the time it takes under the database's locale.
    nik_hash = models.CharField(
        _("sidik NIK"), max_length=64, unique=True, editable=False, db_collation="C"
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
    # Set by the retention sweep (privacy.services) once every link of the
    # person has passed its period: the row stays for counts and integrity,
    # named ANONYMISED_NAME, its NIK and contact details gone.
    anonymised_at = models.DateTimeField(
        _("dianonimkan"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    # Read by the row's id only (see Enterprise.history).
    history = HistoricalRecords(
        excluded_fields=["updated_at"], no_db_index=["nik_hash", "user"]
    )
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")
        ordering = ["name", "pk"]
        constraints = [
            # Only an HMAC here: never blank, never the NIK itself.
            models.CheckConstraint(
                # `^[0-9a-f]{64}$` said the same, at ten times the cost of a
                # row written (PostgreSQL's regex engine unrolls the count).
                condition=Q(nik_hash__regex=r"^[0-9a-f]+$")
                & Q(Exact(Length("nik_hash"), 64)),
                name="person_nik_hash_is_hmac",
            ),
        ]
        indexes = [
            # The admin changelist's order and its search (name and email
            # icontains; a whole NIK is found through nik_hash).
            models.Index(fields=["name", "id"], name="person_name_id"),
            GinIndex(
                OpClass(Upper("name"), name="gin_trgm_ops"), name="person_name_trgm"
            ),
            GinIndex(
                OpClass(Upper("email"), name="gin_trgm_ops"), name="person_email_trgm"
            ),
            # The few people with a portal account, and which: the installment
            # reminders go from each officer to the account, read from this small
            # index instead of the table.
            models.Index(
                fields=["id"],
                include=["user"],
                condition=Q(user__isnull=False),
                name="person_with_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_nik})"

    @property
    def nik(self) -> str:
        """The NIK in clear, decrypted once per instance; only for code that needs
        it whole (staff's detail page and export, matching). Shown: masked_nik."""
        token = self.nik_encrypted
        if not token:  # None once cleared, b"" on a new instance
            return ""
        token = bytes(token)
        cached = self.__dict__.get("_nik_clear")
        if cached is None or cached[0] != token:
            cached = (token, decrypt_nik(token))
            self.__dict__["_nik_clear"] = cached
        return cached[1]

    @nik.setter
    def nik(self, value: str | None) -> None:
        value = (value or "").strip()
        if not value:  # left NULL: the database refuses a person without a NIK
            self.nik_encrypted = self.nik_hash = None
            self.__dict__.pop("_nik_clear", None)
            return
        self.nik_encrypted = encrypt_nik(value)
        self.nik_hash = hash_nik(value)
        self.__dict__["_nik_clear"] = (self.nik_encrypted, value)

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    def nik_matches(self, nik: str) -> bool:
        return self.nik_hash is not None and self.nik_hash == hash_nik(nik or "")

    def clean_fields(self, exclude=None):
        # The NIK is validated in clear and reported under `nik`, the name forms
        # and the API use; its two columns are derived, never typed.
        exclude = set(exclude or ()) | {"nik_encrypted", "nik_hash"}
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "nik" not in exclude:
            try:
                self._validate_nik()
            except ValidationError as exc:
                errors.setdefault("nik", []).extend(exc.error_list)
        if errors:
            raise ValidationError(errors)

    def _validate_nik(self) -> None:
        if not self.nik_encrypted:
            raise ValidationError(
                models.Field.default_error_messages["blank"], code="blank"
            )
        validate_person_nik(self.nik)

    def validate_unique(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        try:
            super().validate_unique(exclude=exclude | {"nik_hash"})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "nik" not in exclude and self.nik_hash:
            taken = Person.objects.filter(nik_hash=self.nik_hash)
            if self.pk is not None:
                taken = taken.exclude(pk=self.pk)
            if taken.exists():
                errors.setdefault("nik", []).append(self.nik_taken_error())
        if errors:
            raise ValidationError(errors)

    @classmethod
    def nik_taken_error(cls) -> ValidationError:
        """Django's own "already exists" message, without the NIK in it."""
        field = cls._meta.get_field("nik_hash")
        return ValidationError(
            field.error_messages["unique"],
            code="unique",
            params={
                "model_name": capfirst(cls._meta.verbose_name),
                "field_label": _("NIK"),
            },
        )

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


class CooperativeRole(ConstraintFieldsMixin, models.Model):
    """A person's role in a cooperative (officer, supervisor, manager, employee or
    member) for a term. A role is current while its term runs."""

    constraint_fields = {
        "role_ends_after_start": "ends_on",
        "role_one_open_term": "role",
    }

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
    # What the cooperative recorded about the person: its scope's own copy, never
    # the identity's (a blank name is filled from the identity when the row is
    # first saved, as staff linking a known person in the admin expect).
    person_name = models.CharField(
        _("nama (dicatat koperasi)"), max_length=150, blank=True
    )
    person_phone = PhoneNumberField(_("nomor HP (dicatat koperasi)"), blank=True)
    person_email = models.EmailField(_("surel (dicatat koperasi)"), blank=True)
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
        ordering = ["cooperative_id", "role", "person_name"]
        indexes = [
            models.Index(fields=["cooperative", "role"], name="role_cooperative_role"),
            # The officers of a cooperative, read without the table (the
            # installment reminders look them up for every installment).
            models.Index(
                fields=["cooperative"],
                include=["person", "starts_on", "ends_on"],
                condition=Q(role="officer"),
                name="role_officers",
            ),
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

    def save(self, *args, **kwargs):
        if not self.person_name and self.person_id:
            self.person_name = self.person.name
            self.person_phone = self.person.phone
            self.person_email = self.person.email
        super().save(*args, **kwargs)
