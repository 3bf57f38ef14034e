"""KDMP monitoring for staff: which cooperative is a village's Koperasi
Desa/Kelurahan Merah Putih and which mandated units operate, with the change
history; every write goes through cooperatives.services.kdmp."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ServiceAdminMixin, Writes

from .. import services
from ..models import Kdmp, KdmpUnit

UNIT_WRITES = Writes(
    create=services.kdmp_unit_create,
    update=lambda pk, **kw: services.kdmp_unit_update(unit_id=pk, **kw),
    delete=lambda pk, **kw: services.kdmp_unit_delete(unit_id=pk, **kw),
)


class KdmpUnitInline(admin.TabularInline):
    model = KdmpUnit
    extra = 0
    fields = ("unit", "operating_since")
    writes = UNIT_WRITES


@admin.register(Kdmp)
class KdmpAdmin(ServiceAdminMixin, HistoryAdmin):
    writes = Writes(
        create=services.kdmp_create,
        update=lambda pk, **kw: services.kdmp_update(kdmp_id=pk, **kw),
        delete=lambda pk, **kw: services.kdmp_delete(kdmp_id=pk, **kw),
    )
    list_display = (
        "village",
        "cooperative",
        "district",
        "legal_entity_number",
        "legal_entity_date",
        "last_rat_on",
    )
    list_filter = ("cooperative__district",)
    search_fields = ("village__name", "village__code", "cooperative__name")
    list_select_related = ("village", "cooperative__district")
    autocomplete_fields = ("cooperative", "village")
    inlines = [KdmpUnitInline]

    @admin.display(description=_("kabupaten/kota"))
    def district(self, obj):
        return obj.cooperative.district.name

    @admin.display(description=_("nomor badan hukum pendirian"))
    def legal_entity_number(self, obj):
        return obj.cooperative.legal_entity_number

    @admin.display(description=_("tanggal badan hukum pendirian"))
    def legal_entity_date(self, obj):
        return obj.cooperative.legal_entity_date

    @admin.display(description=_("tanggal RAT terakhir"))
    def last_rat_on(self, obj):
        return obj.cooperative.last_rat_on
