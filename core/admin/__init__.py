"""What every domain app's admin shares: the site's titles, changelists without the
full-table count, bulk actions that run a service per row, change forms that save
through a service (its refusals shown on the form), amounts as Indonesians write
them, readable history, and django-import-export's export (counted per staff
user, core.ratelimit) with its import button leading to the app's background
import, which writes through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .access import AgencyStaffOnlyMixin, ReadOnlyAdminMixin
from .exports import ExportFieldsForm, PipelineImportExportMixin, rate_limited
from .history import HistoryAdmin
from .numbers import NumbersAdminMixin, is_money, number_display, numbers_displayed
from .writes import (
    FastChangelistMixin,
    RefusedFormMixin,
    ServiceAdminMixin,
    Writes,
    form_data,
    run_for_each,
    saved_as,
)

admin.site.site_header = _("Portal KUKM Kalimantan Timur")
admin.site.site_title = _("Portal KUKM Kaltim")
admin.site.index_title = _("Administrasi")

__all__ = [
    "AgencyStaffOnlyMixin",
    "ExportFieldsForm",
    "FastChangelistMixin",
    "HistoryAdmin",
    "NumbersAdminMixin",
    "PipelineImportExportMixin",
    "ReadOnlyAdminMixin",
    "RefusedFormMixin",
    "ServiceAdminMixin",
    "Writes",
    "form_data",
    "is_money",
    "number_display",
    "numbers_displayed",
    "rate_limited",
    "run_for_each",
    "saved_as",
]
