"""Registry serializers: shape and format only. Writes go through the services;
derived fields (`is_active`, `last_rat_year`, `member_count`, `scale`) are read-only."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.fields import PhoneSerializerField, SlugRelatedField

from ..fields import NpwpField, PhoneNumberField
from ..models import AnnualReport, Cluster, Cooperative, District, Enterprise
from ..rules import is_active_in
from ..validators import normalize_npwp, validate_person_nik
from .rows import attachment_path


class NpwpSerializerField(serializers.CharField):
    def to_internal_value(self, data):
        return normalize_npwp(super().to_internal_value(data))


# Kecamatan and villages by Kemendagri code (SPEC 6.6), unknown codes said so.
ADDRESS_KWARGS = {
    "sub_district": {
        "error_messages": {
            "does_not_exist": _("Kode kecamatan {pk_value} tidak dikenal.")
        }
    },
    "village": {
        "error_messages": {
            "does_not_exist": _("Kode desa/kelurahan {pk_value} tidak dikenal.")
        }
    },
}


class RegistrySerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        PhoneNumberField: PhoneSerializerField,
        NpwpField: NpwpSerializerField,
    }

    @property
    def scope(self):
        return self.context["scope"]

    def validate_district(self, district):
        if not self.scope.everything and district.code != self.scope.district_code:
            raise serializers.ValidationError(
                _("Kabupaten/kota ini di luar wilayah Anda.")
            )
        return district


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "bps_code", "name", "kind", "seat"]


class CooperativeSerializer(RegistrySerializer):
    district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all())
    cluster = SlugRelatedField(
        slug_field="code",
        queryset=Cluster.objects.all(),
        required=False,
        allow_null=True,
    )
    is_active = serializers.SerializerMethodField()
    last_rat_year = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(
        read_only=True, allow_null=True, default=None
    )
    # Why a KDMP's cooperative changes village (required then, see the service).
    village_change_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=255
    )

    class Meta:
        model = Cooperative
        fields = [
            "id",
            *Cooperative.RECORD_FIELDS,
            "village_change_reason",
            "is_active",
            "last_rat_year",
            "last_rat_on",
            "member_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["last_rat_on", "created_at", "updated_at"]
        extra_kwargs = ADDRESS_KWARGS

    def get_is_active(self, cooperative) -> bool:
        return is_active_in(cooperative.last_rat_year, timezone.localdate().year)

    def get_last_rat_year(self, cooperative) -> int | None:
        return cooperative.last_rat_year


class AnnualReportSerializer(RegistrySerializer):
    cooperative = serializers.PrimaryKeyRelatedField(
        queryset=Cooperative.objects.none()
    )
    district = serializers.CharField(source="district_id", read_only=True)
    minutes_url = serializers.SerializerMethodField(
        help_text=_("Berita acara RAT (PDF); null bila belum dilampirkan.")
    )
    financial_statements_url = serializers.SerializerMethodField(
        help_text=_("Laporan keuangan (PDF); null bila belum dilampirkan.")
    )
    balance_warning = serializers.CharField(
        read_only=True,
        help_text=_(
            "Peringatan bila aset berbeda lebih dari 1% dari modal sendiri + "
            "modal luar; kosong bila tidak."
        ),
    )

    def get_minutes_url(self, report) -> str | None:
        return attachment_path(report.pk, "minutes") if report.minutes_file else None

    def get_financial_statements_url(self, report) -> str | None:
        if not report.financial_statements_file:
            return None
        return attachment_path(report.pk, "financial_statements")

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "cooperative",
            "fiscal_year",
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
            "status",
            "return_reason",
            "district",
            "submitted_at",
            "verified_at",
            "created_at",
            "updated_at",
            "minutes_url",
            "financial_statements_url",
            "balance_warning",
        ]
        read_only_fields = [
            "status",
            "return_reason",
            "submitted_at",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        # Uniqueness of (cooperative, fiscal_year) is checked by the model with its
        # Indonesian message; DRF's own validator would answer in its words.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "scope" in self.context:
            self.fields["cooperative"].queryset = Cooperative.objects.restrict(
                self.scope
            )

    def validate_cooperative(self, cooperative):
        if self.instance is not None and cooperative.pk != self.instance.cooperative_id:
            raise serializers.ValidationError(
                _("Koperasi sebuah laporan tidak dapat diganti.")
            )
        return cooperative


class ReturnReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class EnterpriseSerializer(RegistrySerializer):
    district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all())
    cooperative = serializers.PrimaryKeyRelatedField(
        queryset=Cooperative.objects.none(), required=False, allow_null=True
    )
    owner_nik = serializers.CharField(
        write_only=True,
        required=False,
        validators=[validate_person_nik],
        help_text="Owner's NIK (16 digits). Shown masked in responses.",
    )
    owner_name = serializers.CharField(
        write_only=True,
        required=False,
        max_length=150,
        help_text="The owner's name as this enterprise records it; required with "
        "owner_nik.",
    )

    class Meta:
        model = Enterprise
        fields = [
            "id",
            *Enterprise.RECORD_FIELDS,
            "scale",
            "scale_override",
            "scale_override_reason",
            "cooperative",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["scale", "created_at", "updated_at"]
        extra_kwargs = ADDRESS_KWARGS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "scope" in self.context:
            self.fields["cooperative"].queryset = Cooperative.objects.restrict(
                self.scope
            )

    def validate(self, attrs):
        if self.instance is None and not attrs.get("owner_nik"):
            raise serializers.ValidationError(
                {"owner_nik": [_("Isi NIK pemilik usaha.")]}
            )
        if self.instance is None and not attrs.get("owner_name"):
            raise serializers.ValidationError(
                {"owner_name": [_("Isi nama pemilik usaha.")]}
            )
        if attrs.get("scale_override") and not self.scope.everything:
            raise serializers.ValidationError(
                {
                    "scale_override": [
                        _("Hanya staf dinas provinsi yang dapat menetapkan skala.")
                    ]
                }
            )
        return attrs

    def to_representation(self, enterprise):
        data = super().to_representation(enterprise)
        data["owner_name"] = enterprise.owner_name  # this enterprise's record
        data["owner_nik"] = enterprise.owner.masked_nik
        return data


class StatisticsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1945, max_value=2100)


class CooperativeStatsRowSerializer(serializers.Serializer):
    district = serializers.CharField()
    district_name = serializers.CharField()
    total = serializers.IntegerField()
    active = serializers.IntegerField()
    rat_reported = serializers.IntegerField()
    members = serializers.IntegerField()
    members_male = serializers.IntegerField()
    members_female = serializers.IntegerField()
    own_capital = serializers.DecimalField(max_digits=24, decimal_places=2)
    external_capital = serializers.DecimalField(max_digits=24, decimal_places=2)
    assets = serializers.DecimalField(max_digits=24, decimal_places=2)
    business_volume = serializers.DecimalField(max_digits=24, decimal_places=2)
    surplus = serializers.DecimalField(max_digits=24, decimal_places=2)


class CooperativeStatisticsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    results = CooperativeStatsRowSerializer(many=True)


class AnnualReportAttachSerializer(serializers.Serializer):
    """The PDFs to attach (either or both); multipart/form-data."""

    minutes = serializers.FileField(required=False)
    financial_statements = serializers.FileField(required=False)
