import datetime

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import ConstraintFieldsMixin
from core.dates import validate_not_in_future

from ..fields import NpwpField, PhoneNumberField
from ..reference_data import KBLI_SECTIONS
from ..rules import first_active_rat_year, is_active_in
from ..validators import (
    validate_cooperative_nik,
    validate_postal_code,
)
from .regions import (
    CodedAddressMixin,
    District,
    SubDistrict,
    village_field,
    village_name_field,
)
from .scoping import ScopedQuerySet


class Cluster(models.Model):
    """Kelompok koperasi (KUD, KSU, Kopkar, KPRI …): a lookup staff can extend."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("kelompok koperasi")
        verbose_name_plural = _("kelompok koperasi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CooperativeQuerySet(ScopedQuerySet):
    cooperative_path = "pk"

    def active_in(self, year: int):
        return self.filter(
            last_rat_on__gte=datetime.date(first_active_rat_year(year), 1, 1)
        )

    def inactive_in(self, year: int):
        return self.exclude(
            last_rat_on__gte=datetime.date(first_active_rat_year(year), 1, 1)
        )

    def registered(self):
        return self.filter(status=Cooperative.Status.REGISTERED)

    def in_public_directory(self):
        """What the public directory lists: cooperatives the national registry
        knows, i.e. holding a NIK koperasi (registered or dissolved alike, so the
        public can check either)."""
        return self.filter(nik__isnull=False).exclude(nik="")

    def registered_by_end_of(self, year: int):
        """Registered and founded by 31 December of `year` (the state at that
        year's end; a founding date left blank counts as founded)."""
        return self.registered().filter(
            Q(established_on__isnull=True)
            | Q(established_on__lte=datetime.date(year, 12, 31))
        )


class Cooperative(ConstraintFieldsMixin, CodedAddressMixin, models.Model):
    """A cooperative (koperasi) registered with the agency.

    *Active* is derived, never typed in: `last_rat_on` is kept by the annual report
    services from the verified reports, and a cooperative is active in year Y when
    its last RAT was held in Y, Y-1 or Y-2 (domain.md section 0).
    """

    constraint_fields = {
        "coop_legal_entity_after_founding": "legal_entity_date",
    }

    # What the registry records of a cooperative, in the order every interface
    # lists it: the API serializer and the import/export columns are built from
    # it; the API's fast list rows and the admin's fieldsets are pinned to it
    # (tests/cooperatives/test_field_lists.py).
    RECORD_FIELDS = (
        "nik",
        "name",
        "kind",
        "form",
        "management",
        "membership_area",
        "cluster",
        "sector",
        "loop_status",
        "district",
        "sub_district",
        "village",
        "address",
        "postal_code",
        "legal_entity_number",
        "legal_entity_date",
        "established_on",
        "npwp",
        "phone",
        "email",
        "status",
    )

    class Kind(models.TextChoices):
        SAVINGS_AND_LOAN = "savings_and_loan", _("Simpan Pinjam")
        CONSUMER = "consumer", _("Konsumen")
        PRODUCER = "producer", _("Produsen")
        MARKETING = "marketing", _("Pemasaran")
        SERVICES = "services", _("Jasa")

    class Form(models.TextChoices):
        PRIMARY = "primary", _("Primer")
        SECONDARY = "secondary", _("Sekunder")

    class Management(models.TextChoices):
        CONVENTIONAL = "conventional", _("Konvensional")
        SHARIA = "sharia", _("Syariah")

    class MembershipArea(models.TextChoices):
        DISTRICT = "district", _("Kabupaten/Kota")
        PROVINCE = "province", _("Provinsi")
        NATIONAL = "national", _("Nasional")

    class LoopStatus(models.TextChoices):
        CLOSED = "closed", _("Closed loop (anggota saja)")
        OPEN = "open", _("Open loop (diawasi OJK)")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Terdaftar")
        DISSOLVED = "dissolved", _("Dibubarkan")

    nik = models.CharField(
        _("Nomor Induk Koperasi (NIK Koperasi)"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_cooperative_nik],
    )
    name = models.CharField(_("nama koperasi"), max_length=200)
    kind = models.CharField(_("jenis koperasi"), max_length=20, choices=Kind.choices)
    form = models.CharField(
        _("bentuk koperasi"), max_length=10, choices=Form.choices, default=Form.PRIMARY
    )
    management = models.CharField(
        _("pola pengelolaan"),
        max_length=12,
        choices=Management.choices,
        default=Management.CONVENTIONAL,
    )
    membership_area = models.CharField(
        _("wilayah keanggotaan"),
        max_length=10,
        choices=MembershipArea.choices,
        default=MembershipArea.DISTRICT,
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("kelompok koperasi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    sector = models.CharField(
        _("sektor usaha (KBLI)"),
        max_length=1,
        choices=[(c, f"{c} - {n}") for c, n in KBLI_SECTIONS],
        blank=True,
    )
    loop_status = models.CharField(
        _("status loop simpan pinjam"),
        max_length=6,
        choices=LoopStatus.choices,
        blank=True,
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
    )
    sub_district = models.ForeignKey(
        SubDistrict,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    village = village_field()
    village_name = village_name_field()
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("kode pos"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    legal_entity_number = models.CharField(
        _("nomor badan hukum pendirian"), max_length=100, blank=True
    )
    legal_entity_date = models.DateField(
        _("tanggal badan hukum pendirian"),
        null=True,
        blank=True,
        validators=[validate_not_in_future],
    )
    established_on = models.DateField(
        _("tanggal berdiri"),
        null=True,
        blank=True,
        validators=[validate_not_in_future],
    )
    npwp = NpwpField(_("NPWP"), blank=True)
    phone = PhoneNumberField(_("nomor telepon"), blank=True)
    email = models.EmailField(_("surel (email)"), blank=True)
    status = models.CharField(
        _("status hukum"),
        max_length=12,
        choices=Status.choices,
        default=Status.REGISTERED,
    )
    last_rat_on = models.DateField(
        _("tanggal RAT terakhir"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Dihitung dari laporan RAT yang sudah diverifikasi."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CooperativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("koperasi")
        verbose_name_plural = _("koperasi")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["district", "status"], name="coop_district_status"),
            models.Index(fields=["kind"], name="coop_kind"),
            models.Index(fields=["last_rat_on"], name="coop_last_rat_on"),
            models.Index(Upper("name"), name="coop_name_upper"),
            # The default ordering of lists and pages (name, then id), province-wide
            # and within a district (district tokens and district staff).
            models.Index(fields=["name", "id"], name="coop_name_id"),
            models.Index(
                fields=["district", "name", "id"], name="coop_district_name_id"
            ),
            # Search: `icontains` is `UPPER(col) LIKE UPPER('%…%')`; trigrams serve it.
            GinIndex(
                OpClass(Upper("name"), name="gin_trgm_ops"), name="coop_name_trgm"
            ),
            GinIndex(
                OpClass(Upper("legal_entity_number"), name="gin_trgm_ops"),
                name="coop_legal_number_trgm",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_entity_date__isnull=True)
                | Q(established_on__isnull=True)
                | Q(legal_entity_date__gte=models.F("established_on")),
                name="coop_legal_entity_after_founding",
                violation_error_message=_(
                    "Tanggal badan hukum tidak boleh sebelum tanggal berdiri."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_rat_year(self) -> int | None:
        return self.last_rat_on.year if self.last_rat_on else None

    def is_active_in(self, year: int) -> bool:
        return is_active_in(self.last_rat_year, year)

    @property
    def is_active(self) -> bool:
        return self.is_active_in(timezone.localdate().year)

    def clean(self):
        errors = self.address_errors()
        if errors:
            raise ValidationError(errors)
