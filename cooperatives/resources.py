"""CSV/XLSX import and export of cooperatives and enterprises (django-import-export).

Rows are matched on their natural key (NIK koperasi, NIB) and updated in place; each
row is validated with the model's own rules; a file with one bad row imports nothing
(the whole import runs in one transaction). Exports use the same columns, so a file
round-trips; text that a spreadsheet would run as a formula is exported quoted and
read back unquoted (core.resources).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import SafeCellsResource

from .models import (
    Cluster,
    Cooperative,
    District,
    Enterprise,
    Person,
    PersonReconciliation,
    SubDistrict,
)
from .services.identities import person_identify
from .validators import validate_person_nik


class NullableCharWidget(widgets.CharWidget):
    """Blank cells become NULL, so optional unique keys do not collide on ''."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return value.strip() or None if isinstance(value, str) else value


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return (value or "").strip()


class CodeWidget(widgets.ForeignKeyWidget):
    """A code that must name an existing row. An unknown code is a ValueError, which
    the import reports as an error of this column (not a crash of the row)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("Kode %(code)s tidak ditemukan di %(model)s.")
                % {"code": value, "model": self.model._meta.verbose_name_plural}
            ) from None


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


def _code_field(attribute: str, model, field: str = "pk") -> fields.Field:
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=CodeWidget(model, field),
    )


def _date_field(attribute: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=DateWidget())


def _money_field(attribute: str) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=MoneyWidget()
    )


class RegistryResource(SafeCellsResource):
    """All or nothing: a file with one bad row imports no row (import-export only
    rolls back on validation errors when asked to), and a row with a blank natural
    key is always a new row, never a match for a stored row without one."""

    def import_data(self, dataset, *args, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, *args, **kwargs)

    def get_instance(self, instance_loader, row):
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name in row and field.clean(row) in (None, ""):
                return None
        return super().get_instance(instance_loader, row)


class CooperativeResource(RegistryResource):
    nik = fields.Field(attribute="nik", column_name="nik", widget=NullableCharWidget())
    district = _code_field("district", District)
    sub_district = _code_field("sub_district", SubDistrict)
    cluster = _code_field("cluster", Cluster, "code")
    legal_entity_date = _date_field("legal_entity_date")
    established_on = _date_field("established_on")

    class Meta:
        model = Cooperative
        import_id_fields = ("nik",)
        fields = Cooperative.RECORD_FIELDS
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def before_import_row(self, row, **kwargs):
        for key in (
            "name",
            "village",
            "address",
            "postal_code",
            "legal_entity_number",
            "npwp",
            "phone",
            "email",
            "sector",
            "loop_status",
        ):
            if key in row and row[key] is None:
                row[key] = ""


class EnterpriseResource(RegistryResource):
    nib = fields.Field(attribute="nib", column_name="nib", widget=NullableCharWidget())
    owner_nik = fields.Field(column_name="owner_nik", readonly=False)
    owner_name = fields.Field(column_name="owner_name", readonly=False)
    district = _code_field("district", District)
    sub_district = _code_field("sub_district", SubDistrict)
    cooperative = _code_field("cooperative", Cooperative, "nik")
    business_capital = _money_field("business_capital")
    annual_revenue = _money_field("annual_revenue")
    scale = fields.Field(attribute="scale", column_name="scale", readonly=True)

    class Meta:
        model = Enterprise
        import_id_fields = ("nib",)
        fields = (*Enterprise.RECORD_FIELDS, "cooperative", "scale")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "cooperative")

    def dehydrate_owner_nik(self, enterprise):
        return enterprise.owner.nik if enterprise.owner_id else ""

    def dehydrate_owner_name(self, enterprise):
        return enterprise.owner_name  # the enterprise's record of its owner

    def import_instance(self, instance, row, **kwargs):
        # Owner columns are not model fields: find the owner by NIK, or register
        # them when the file also gives the name. A file without the owner columns
        # keeps the owner of an enterprise it updates.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if "owner_nik" in row or not instance.owner_id:
            errors.update(self._import_owner(instance, row))
        if errors:
            raise ValidationError(errors)

    def _import_owner(self, instance, row) -> dict:
        nik = str(row.get("owner_nik") or "").strip()
        name = str(row.get("owner_name") or "").strip()
        try:
            validate_person_nik(nik)
        except ValidationError as exc:
            return {"owner_nik": exc.messages}
        if not name:
            # Staff only (the admin): a known owner without a name in the file
            # keeps this enterprise's record, or takes the identity's name.
            owner = Person.objects.get_by_nik(nik)
            if owner is None:
                return {
                    "owner_name": [
                        _("Isi nama pemilik untuk NIK yang belum terdaftar.")
                    ]
                }
            if owner.pk != instance.owner_id or not instance.owner_name:
                instance.owner_name = owner.name
            instance.owner = owner
            return {}
        try:
            owner, recorded = person_identify(
                nik=nik,
                name=name,
                source=PersonReconciliation.Source.ENTERPRISE_IMPORT,
                district_id=instance.district_id,
            )
        except ValidationError as exc:
            return {
                {"nik": "owner_nik", "name": "owner_name"}.get(key, key): messages
                for key, messages in exc.message_dict.items()
            }
        instance.owner, instance.owner_name = owner, recorded.name
        return {}

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        # A bad owner column is reported once, under its column, not again as a
        # missing `owner`.
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if exclude & {"owner_nik", "owner_name"}:
            exclude.add("owner")
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
