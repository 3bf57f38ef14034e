"""`GET /api/v1/kdmp/`: every desa/kelurahan in the caller's scope with its
KDMP status (none / formed / running, cooperatives.models.kdmp), the KDMP's
cooperative, legal entity, last RAT and operating units; read-only, paginated
like every list, filters `district`, `subdistrict`, `status`."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from api.viewsets import ScopedViewSetMixin

from .. import selectors
from ..models import District, KdmpStatus, SubDistrict, Village


class KdmpVillageFilterSet(django_filters.FilterSet):
    subdistrict = django_filters.ModelChoiceFilter(
        field_name="sub_district", queryset=SubDistrict.objects.all()
    )
    district = django_filters.ModelChoiceFilter(
        field_name="sub_district__district", queryset=District.objects.all()
    )
    status = django_filters.ChoiceFilter(
        field_name="kdmp_status", choices=KdmpStatus.choices
    )

    class Meta:
        model = Village
        fields = ["subdistrict", "district", "status"]


class KdmpUnitSerializer(serializers.Serializer):
    unit = serializers.CharField()
    operating_since = serializers.DateField()


class KdmpVillageSerializer(serializers.ModelSerializer):
    subdistrict = serializers.CharField(source="sub_district_id", read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)
    status = serializers.CharField(source="kdmp_status", read_only=True)
    kdmp = serializers.SerializerMethodField()

    class Meta:
        model = Village
        fields = ["code", "name", "kind", "subdistrict", "district", "status", "kdmp"]

    def get_kdmp(self, village) -> dict | None:
        # Read from what the selector joined and prefetched: no query here.
        kdmp = getattr(village, "kdmp", None)
        if kdmp is None:
            return None
        cooperative = kdmp.cooperative
        return {
            "cooperative": cooperative.pk,
            "cooperative_name": cooperative.name,
            "legal_entity_number": cooperative.legal_entity_number,
            "legal_entity_date": cooperative.legal_entity_date,
            "last_rat_on": cooperative.last_rat_on,
            "units": KdmpUnitSerializer(kdmp.units.all(), many=True).data,
        }


@extend_schema(tags=["registry"])
class KdmpViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """KDMP coverage village by village (Inpres 9/2025)."""

    serializer_class = KdmpVillageSerializer
    filterset_class = KdmpVillageFilterSet
    list_selector = staticmethod(selectors.kdmp_village_list)
    ordering_fields = ["code", "name"]
    ordering = ["code"]
