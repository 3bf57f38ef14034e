"""CSV/XLSX import and export of cooperatives and enterprises (django-import-export).

Rows are matched on their natural key (NIK koperasi, NIB) and updated in place; each
row is validated with the model's own rules; a file with one bad row imports nothing
(the whole import runs in one transaction). Exports use the same columns, so a file
round-trips.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from .models import Cluster, Cooperative, District, Enterprise, Person, SubDistrict
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


def _code_field(attribute: str, model, field: str = "pk") -> fields.Field:
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=widgets.ForeignKeyWidget(model, field),
    )


class CooperativeResource(resources.ModelResource):
    nik = fields.Field(attribute="nik", column_name="nik", widget=NullableCharWidget())
    district = _code_field("district", District)
    sub_district = _code_field("sub_district", SubDistrict)
    cluster = _code_field("cluster", Cluster, "code")

    class Meta:
        model = Cooperative
        import_id_fields = ("nik",)
        fields = (
            "nik",
            "name",
            "kind",
            "form",
            "management",
            "membership_area",
            "cluster",
            "sector",
            "loop_status",
            "district",
            "sub_district",
            "village",
            "address",
            "postal_code",
            "legal_entity_number",
            "legal_entity_date",
            "established_on",
            "npwp",
            "phone",
            "email",
            "status",
        )
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


class EnterpriseResource(resources.ModelResource):
    nib = fields.Field(attribute="nib", column_name="nib", widget=NullableCharWidget())
    owner_nik = fields.Field(column_name="owner_nik", readonly=False)
    owner_name = fields.Field(column_name="owner_name", readonly=False)
    district = _code_field("district", District)
    sub_district = _code_field("sub_district", SubDistrict)
    cooperative = _code_field("cooperative", Cooperative, "nik")
    scale = fields.Field(attribute="scale", column_name="scale", readonly=True)

    class Meta:
        model = Enterprise
        import_id_fields = ("nib",)
        fields = (
            "nib",
            "name",
            "owner_nik",
            "owner_name",
            "district",
            "sub_district",
            "village",
            "address",
            "kbli",
            "kbli_version",
            "business_capital",
            "annual_revenue",
            "employees",
            "cooperative",
            "scale",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "cooperative")

    def dehydrate_owner_nik(self, enterprise):
        return enterprise.owner.nik if enterprise.owner_id else ""

    def dehydrate_owner_name(self, enterprise):
        return enterprise.owner.name if enterprise.owner_id else ""

    def import_instance(self, instance, row, **kwargs):
        # Owner columns are not model fields: find or register the owner by NIK.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        nik = str(row.get("owner_nik") or "").strip()
        name = str(row.get("owner_name") or "").strip()
        try:
            validate_person_nik(nik)
        except ValidationError as exc:
            errors["owner_nik"] = exc.messages
        else:
            if not name:
                errors["owner_name"] = ["Isi nama pemilik."]
            else:
                instance.owner = Person.objects.get_or_create_by_nik(
                    nik, name=name, sex=Person.sex_from_nik(nik)
                )[0]
        if errors:
            raise ValidationError(errors)
