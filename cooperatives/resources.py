"""The admin's CSV/XLSX export of cooperatives and enterprises (django-import-export),
in the agency's language, and the cell parsers the import pipeline shares with it.

Export only: an import goes through the background pipeline
(cooperatives.services.imports), from the API, the admin and the portal alike. The
columns follow the models' RECORD_FIELDS under Indonesian headers (the field's
verbose name, or a shorter one below); a choice is written as its Indonesian label
with its stored code in a `kode …` column beside it, a district, kecamatan or
cluster as its name with its code beside it. The pipeline reads the code column
when there is one and the label otherwise, so an export imports back as it is.
XLSX sheets are named after what they hold. Text that a spreadsheet would run as a
formula is exported quoted (core.resources)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import SafeCellsResource

from .models import Cooperative, Enterprise

CODE_PREFIX = "kode "  # the code column beside a label: `kode jenis koperasi`


class DateWidget(widgets.DateWidget):
    """ISO dates (what the export writes) and the Indonesian day-first forms; never
    Django's default US month-first `%m/%d/%Y`, which would read 01/05 as 5 Jan."""

    FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = self.FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # an XLSX date cell
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("Tanggal tidak valid; tulis sebagai TTTT-BB-HH, misalnya 2024-03-31.")
            ) from None


class MoneyWidget(widgets.DecimalWidget):
    """Amounts as the export writes them (`1250000,50`), as Indonesians type them
    (`Rp1.250.000,50`) or as plain numbers (`1250000.50`). A value that is not a
    number is an error of this column, not a crash of the row."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = re.sub(r"^\s*Rp\.?|\s", "", value, flags=re.IGNORECASE)
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif value.count(".") > 1:
                value = value.replace(".", "")
        if self.is_empty(value):
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(
                _("Jumlah tidak valid; tulis angka saja, misalnya 1250000.")
            ) from None


def _widget(field):
    if isinstance(field, models.DecimalField):
        return MoneyWidget()
    if isinstance(field, models.DateField):
        return DateWidget()
    if isinstance(field, models.IntegerField):
        return widgets.IntegerWidget()
    return widgets.CharWidget()


class RegistryExport(SafeCellsResource):
    """The columns of `record` (a model's RECORD_FIELDS and what an export adds),
    built per instance under Indonesian so that headers and labels never follow
    the reader's language."""

    record: tuple[str, ...] = ()
    headers: dict[str, str] = {}  # a shorter header than the verbose name
    # {field: (attribute of its name, attribute of its code)}
    references: dict[str, tuple[str, str]] = {
        "district": ("district__name", "district_id"),
        "sub_district": ("sub_district__name", "sub_district_id"),
        "village": ("village__name", "village_id"),
    }
    extra: dict[str, str] = {}  # {column: attribute} for columns not model fields
    sheet_title = ""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with translation.override("id"):
            self.fields = dict(self._columns())

    def _columns(self):
        meta = self._meta.model._meta
        for name in self.record:
            if name in self.extra:
                yield name, self._field(self.extra[name], self.headers[name])
                continue
            model_field = meta.get_field(name)
            header = self.headers.get(name) or str(model_field.verbose_name)
            if name in self.references:
                label, code = self.references[name]
                yield name, self._field(label, header)
                yield f"{name}_kode", self._field(code, CODE_PREFIX + header)
            elif model_field.choices and not isinstance(
                model_field, models.IntegerField
            ):
                yield name, self._field(f"get_{name}_display", header)
                yield f"{name}_kode", self._field(name, CODE_PREFIX + header)
            else:
                yield name, self._field(name, header, _widget(model_field))

    @staticmethod
    def _field(attribute: str, header: str, widget=None) -> fields.Field:
        return fields.Field(
            attribute=attribute,
            column_name=header,
            widget=widget or widgets.CharWidget(),
            readonly=True,
        )

    def get_export_order(self):
        return tuple(self.fields)

    def export(self, queryset=None, **kwargs):
        with translation.override("id"):
            dataset = super().export(queryset, **kwargs)
        dataset.title = self.sheet_title
        return dataset


class CooperativeResource(RegistryExport):
    record = Cooperative.RECORD_FIELDS
    headers = {"nik": "NIK koperasi"}
    references = {
        **RegistryExport.references,
        "cluster": ("cluster__name", "cluster__code"),
    }
    sheet_title = "Koperasi"

    class Meta:
        model = Cooperative

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("cluster", "district", "sub_district", "village")
        )


class EnterpriseResource(RegistryExport):
    record = (*Enterprise.RECORD_FIELDS, "cooperative", "scale")
    headers = {
        "owner_nik": "NIK pemilik",
        "owner_name": "nama pemilik",
        "cooperative": "NIK koperasi",
    }
    extra = {"owner_nik": "owner__nik", "cooperative": "cooperative__nik"}
    sheet_title = "UMKM"

    class Meta:
        model = Enterprise

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "owner", "cooperative", "district", "sub_district", "village"
            )
        )
