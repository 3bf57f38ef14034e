"""The coded places of SPEC 6.6: kecamatan (`/api/v1/subdistricts/`) and
desa/kelurahan (`/api/v1/villages/`), read like the districts, paginated like
every list."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from api.viewsets import ScopedReadOnlyViewSet

from .. import selectors
from ..filtersets import SubDistrictFilterSet, VillageFilterSet
from ..models import SubDistrict, Village


class SubDistrictSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district_id", read_only=True)

    class Meta:
        model = SubDistrict
        fields = ["code", "name", "district"]


class VillageSerializer(serializers.ModelSerializer):
    subdistrict = serializers.CharField(source="sub_district_id", read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)

    class Meta:
        model = Village
        fields = ["code", "name", "kind", "subdistrict", "district"]


@extend_schema(tags=["registry"])
class SubDistrictViewSet(ScopedReadOnlyViewSet):
    """The 105 kecamatan of Kalimantan Timur, keyed by Kemendagri code
    (`64.72.01`); filter `district`."""

    serializer_class = SubDistrictSerializer
    filterset_class = SubDistrictFilterSet
    list_selector = staticmethod(selectors.sub_district_reference_list)
    lookup_value_regex = r"\d{2}\.\d{2}\.\d{2}"
    search_fields = ["name", "^code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]


@extend_schema(tags=["registry"])
class VillageViewSet(ScopedReadOnlyViewSet):
    """The 1,038 desa/kelurahan of Kalimantan Timur, keyed by Kemendagri code
    (`64.72.01.1001`); filters `subdistrict`, `district`, `kind`, `search`."""

    serializer_class = VillageSerializer
    filterset_class = VillageFilterSet
    list_selector = staticmethod(selectors.village_list)
    lookup_value_regex = r"\d{2}\.\d{2}\.\d{2}\.\d{4}"
    search_fields = ["name", "^code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
