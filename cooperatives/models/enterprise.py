from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..rules import sme_scale
from ..validators import validate_kbli, validate_nib
from .cooperative import Cooperative
from .person import Person
from .regions import (
    CodedAddressMixin,
    District,
    SubDistrict,
    village_field,
    village_name_field,
)
from .scoping import ScopedQuerySet

MONEY = {"max_digits": 18, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(0, _("Jumlah tidak boleh negatif."))]


class EnterpriseQuerySet(ScopedQuerySet):
    # An owner's account sees its own enterprise only.
    owner_path = "owner_user"

    def verified(self):
        """What statistics and reports count: not the sign-ups still waiting for
        their district office."""
        return self.filter(status=Enterprise.Status.VERIFIED)


class Enterprise(CodedAddressMixin, models.Model):
    """A micro, small or medium enterprise (UMKM). Its *scale* is derived from the
    annual revenue, else the business capital (PP 7/2021), unless staff override it
    with a recorded reason."""

    # What the registry records of an enterprise as it is typed in (the owner by
    # NIK and the name this enterprise records), in the order every interface
    # lists it: the API serializer and the import/export columns are built from
    # it; the API's fast list rows and the admin are pinned to it
    # (tests/cooperatives/test_field_lists.py).
    RECORD_FIELDS = (
        "nib",
        "name",
        "owner_nik",
        "owner_name",
        "district",
        "sub_district",
        "village",
        "address",
        "kbli",
        "kbli_version",
        "business_capital",
        "annual_revenue",
        "employees",
    )

    class Scale(models.TextChoices):
        MICRO = "micro", _("Mikro")
        SMALL = "small", _("Kecil")
        MEDIUM = "medium", _("Menengah")
        LARGE = "large", _("Besar")

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Terverifikasi")
        PENDING = "pending", _("Menunggu verifikasi dinas")

    class KbliVersion(models.IntegerChoices):
        V2020 = 2020, "KBLI 2020"
        V2025 = 2025, "KBLI 2025"

    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nib],
        # Digits compared byte by byte: the unique index a first load builds
        # again sorts in a third less time than under the database's locale.
        db_collation="C",
    )
    name = models.CharField(_("nama usaha"), max_length=200)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("pemilik"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    # The owner's name as recorded with this enterprise (its district's copy,
    # never the identity's): what the API and exports show.
    owner_name = models.CharField(
        _("nama pemilik (dicatat)"), max_length=150, blank=True
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        # Served by ent_district_scale and ent_district_name_id (district first).
        db_index=False,
    )
    sub_district = models.ForeignKey(
        SubDistrict,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,  # ent_sub_district: without a LIKE twin
    )
    village = village_field()
    village_name = village_name_field()
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    kbli = models.CharField(_("kode KBLI"), max_length=5, validators=[validate_kbli])
    kbli_version = models.PositiveSmallIntegerField(
        _("versi KBLI"), choices=KbliVersion.choices, default=KbliVersion.V2020
    )
    business_capital = models.DecimalField(
        _("modal usaha"), default=0, validators=NON_NEGATIVE, **MONEY
    )
    annual_revenue = models.DecimalField(
        _("hasil penjualan tahunan"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        **MONEY,
    )
    employees = models.PositiveIntegerField(_("tenaga kerja"), default=0)
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("koperasi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
    )
    scale = models.CharField(
        _("skala usaha"), max_length=6, choices=Scale.choices, editable=False
    )
    scale_override = models.CharField(
        _("skala usaha (penetapan staf)"),
        max_length=6,
        choices=Scale.choices,
        blank=True,
    )
    scale_override_reason = models.CharField(
        _("alasan penetapan skala"), max_length=255, blank=True
    )
    scale_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skala ditetapkan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # ent_scale_override_by: the few rows that name one
    )
    # A sign-up by its owner for a business not yet in the registry waits for its
    # district office (cooperatives.services.owner_signup.enterprise_verify).
    status = models.CharField(
        _("status pendaftaran"),
        max_length=8,
        choices=Status.choices,
        default=Status.VERIFIED,
        # Rows the bulk import writes without naming it are verified, too.
        db_default=Status.VERIFIED,
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemilik"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_enterprises",
        db_index=False,  # ent_owner_user: the few rows that name one
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    # A record is read by its row's id (its page's history), never searched by
    # another column: no index of the copied columns (each one slows every write
    # and a bulk import's rebuild).
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=[
            "nib", "owner", "district", "sub_district", "cooperative",
            "scale_override_by", "status", "owner_user",
        ],
    )  # fmt: skip
    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("UMKM")
        verbose_name_plural = _("UMKM")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["district", "scale"], name="ent_district_scale"),
            models.Index(fields=["kbli"], name="ent_kbli"),
            models.Index(fields=["sub_district"], name="ent_sub_district"),
            # Accounts named by few rows: only those rows indexed (a user's
            # enterprises, and the check when a user is deleted).
            models.Index(
                fields=["owner_user"],
                condition=Q(owner_user__isnull=False),
                name="ent_owner_user",
            ),
            models.Index(
                fields=["scale_override_by"],
                condition=Q(scale_override_by__isnull=False),
                name="ent_scale_override_by",
            ),
            # The sign-ups waiting for their district office (a few rows).
            models.Index(
                fields=["district"],
                condition=Q(status="pending"),
                name="ent_pending_district",
            ),
            # An enterprise's cooperative without the table (the installment
            # reminders look it up for every borrowing enterprise).
            models.Index(
                fields=["id"], include=["cooperative"], name="ent_id_cooperative"
            ),
            models.Index(Upper("name"), name="ent_name_upper"),
            # The default ordering of lists and pages (name, then id), province-wide
            # and within a district.
            models.Index(fields=["name", "id"], name="ent_name_id"),
            models.Index(
                fields=["district", "name", "id"], name="ent_district_name_id"
            ),
            # Search: `icontains` is `UPPER(col) LIKE UPPER('%…%')`; trigrams serve it.
            # Exact search fields (`=nib`, `=kbli`) are `UPPER(col) = UPPER(…)`.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="ent_name_trgm"),
            models.Index(Upper("nib"), name="ent_nib_upper"),
            models.Index(Upper("kbli"), name="ent_kbli_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(business_capital__gte=0)
                & (Q(annual_revenue__isnull=True) | Q(annual_revenue__gte=0)),
                name="ent_money_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(scale_override="") | ~Q(scale_override_reason=""),
                name="ent_scale_override_has_reason",
                violation_error_message=_("Isi alasan penetapan skala usaha."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.owner_name and self.owner_id:
            self.owner_name = self.owner.name  # staff linking a known person
        self.scale = self.derived_scale()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "scale"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.scale_override and not self.scale_override_reason.strip():
            errors["scale_override_reason"] = _("Isi alasan penetapan skala usaha.")
        errors.update(self.address_errors())
        if errors:
            raise ValidationError(errors)

    def derived_scale(self) -> str:
        return self.scale_override or sme_scale(
            annual_revenue=self.annual_revenue, business_capital=self.business_capital
        )
