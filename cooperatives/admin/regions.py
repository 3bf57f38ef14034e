"""Reference data of the registry: districts with their sub-districts, and
clusters."""

from django.contrib import admin

from ..models import Cluster, District, SubDistrict


class SubDistrictInline(admin.TabularInline):
    model = SubDistrict
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "bps_code", "name", "kind", "seat")
    search_fields = ("code", "name")
    inlines = [SubDistrictInline]


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district")
    list_filter = ("district",)
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
