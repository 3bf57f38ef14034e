"""Reference data of the registry: districts with their sub-districts, villages
and clusters."""

from django.contrib import admin

from core.admin import ServiceAdminMixin, Writes

from .. import services
from ..models import Cluster, District, SubDistrict, Village


def reference_writes(model) -> Writes:
    return Writes(
        create=lambda **kw: services.reference_create(model=model, **kw),
        update=lambda pk, **kw: services.reference_update(model=model, pk=pk, **kw),
        delete=lambda pk, **kw: services.reference_delete(model=model, pk=pk, **kw),
    )


class SubDistrictInline(admin.TabularInline):
    model = SubDistrict
    extra = 0
    writes = reference_writes(SubDistrict)


@admin.register(District)
class DistrictAdmin(ServiceAdminMixin, admin.ModelAdmin):
    writes = reference_writes(District)
    list_display = ("code", "bps_code", "name", "kind", "seat")
    search_fields = ("code", "name")
    inlines = [SubDistrictInline]


@admin.register(SubDistrict)
class SubDistrictAdmin(ServiceAdminMixin, admin.ModelAdmin):
    writes = reference_writes(SubDistrict)
    list_display = ("code", "name", "district")
    list_filter = ("district",)
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Village)
class VillageAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The coded villages; an address's village is chosen by name, kecamatan
    name or code (autocomplete), and checked against its kecamatan on save."""

    writes = reference_writes(Village)
    list_display = ("code", "name", "kind", "sub_district")
    list_filter = ("kind", "sub_district__district")
    search_fields = ("code", "name", "sub_district__name")
    list_select_related = ("sub_district",)
    autocomplete_fields = ("sub_district",)
    ordering = ("sub_district__name", "name")


@admin.register(Cluster)
class ClusterAdmin(ServiceAdminMixin, admin.ModelAdmin):
    writes = reference_writes(Cluster)
    list_display = ("code", "name")
    search_fields = ("code", "name")
