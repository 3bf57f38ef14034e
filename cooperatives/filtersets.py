"""One FilterSet per registry list, shared by the API and the HTML lists."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    District,
    Enterprise,
    SubDistrict,
    Village,
)


class CooperativeFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all())
    is_active = django_filters.BooleanFilter(
        method="filter_is_active", label=_("aktif tahun ini")
    )

    class Meta:
        model = Cooperative
        fields = ["district", "kind", "status", "management", "form", "is_active"]

    def filter_is_active(self, queryset, name, value):
        year = timezone.localdate().year
        return queryset.active_in(year) if value else queryset.inactive_in(year)


class AnnualReportFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        field_name="cooperative__district", queryset=District.objects.all()
    )
    fiscal_year = django_filters.NumberFilter(min_value=1945, max_value=2100)

    class Meta:
        model = AnnualReport
        fields = ["cooperative", "fiscal_year", "status", "district"]


class EnterpriseFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all())
    kbli = django_filters.CharFilter(max_length=5)

    class Meta:
        model = Enterprise
        fields = ["district", "scale", "kbli", "cooperative"]


class CooperativeRoleFilterSet(django_filters.FilterSet):
    """The portal's list of a cooperative's people: by role (`peran`) and by a
    part of the name (`q`, at most 100 characters count). A value that is not
    one of the choices is ignored."""

    peran = django_filters.ChoiceFilter(
        field_name="role", choices=CooperativeRole.Role.choices
    )
    q = django_filters.CharFilter(method="filter_name")

    class Meta:
        model = CooperativeRole
        fields = ["peran", "q"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(person_name__icontains=value[:100])


class SubDistrictFilterSet(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all())

    class Meta:
        model = SubDistrict
        fields = ["district"]


class VillageFilterSet(django_filters.FilterSet):
    subdistrict = django_filters.ModelChoiceFilter(
        field_name="sub_district", queryset=SubDistrict.objects.all()
    )
    district = django_filters.ModelChoiceFilter(
        field_name="sub_district__district", queryset=District.objects.all()
    )

    class Meta:
        model = Village
        fields = ["subdistrict", "district", "kind"]
