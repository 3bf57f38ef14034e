"""A cooperative's and an enterprise's record is declared once (the models'
RECORD_FIELDS): the serializer and the import/export columns are built from it; the
fast list rows and the admin, which are written out for speed or for their layout,
are pinned to it here."""

import pytest
from django.contrib import admin

from accounts.scope import Scope
from cooperatives.api import rows
from cooperatives.api.serializers import CooperativeSerializer, EnterpriseSerializer
from cooperatives.models import Cooperative, Enterprise
from cooperatives.resources import CooperativeResource, EnterpriseResource
from tests.factories import CooperativeFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def _fieldset_fields(model_admin) -> list[str]:
    return [
        name for _title, options in model_admin.fieldsets for name in options["fields"]
    ]


def test_cooperative_admin_edits_exactly_the_record():
    model_admin = admin.site._registry[Cooperative]

    editable = set(_fieldset_fields(model_admin)) - set(model_admin.readonly_fields)

    # Beside the record, what the service takes with it (a KDMP's move: why).
    assert editable == {*Cooperative.RECORD_FIELDS, *model_admin.form.service_fields}


def _record_of(resource) -> list[str]:
    # A choice or reference is two columns: its label and, beside it, its code.
    return [name for name in resource.get_export_order() if not name.endswith("_kode")]


def test_cooperative_export_columns_are_the_record():
    assert _record_of(CooperativeResource()) == list(Cooperative.RECORD_FIELDS)


def test_cooperative_rows_list_the_serializer_fields():
    cooperative = CooperativeFactory()

    (row,) = rows.cooperative_rows([cooperative.pk])

    fields = CooperativeSerializer.Meta.fields
    # The rows are what the API reads; a write-only input is not among them.
    readable = CooperativeSerializer(context={"scope": Scope.province()}).fields
    assert list(row) == [f for f in fields if not readable[f].write_only]
    assert fields[1 : len(Cooperative.RECORD_FIELDS) + 1] == list(
        Cooperative.RECORD_FIELDS
    )


def test_enterprise_admin_form_edits_the_record(rf, staff_user):
    model_admin = admin.site._registry[Enterprise]
    request = rf.get("/")
    request.user = staff_user
    # The admin picks the owner's identity itself, and keeps this enterprise's
    # recorded name beside it.
    expected = {"owner" if n == "owner_nik" else n for n in Enterprise.RECORD_FIELDS}

    form = model_admin.get_form(request)

    assert expected <= set(form.base_fields)


def test_enterprise_export_columns_and_rows_follow_the_record():
    enterprise = EnterpriseFactory()
    columns = _record_of(EnterpriseResource())

    (row,) = rows.enterprise_rows([enterprise.pk])

    record = list(Enterprise.RECORD_FIELDS)
    assert columns[: len(record)] == record
    serialized = EnterpriseSerializer(
        enterprise, context={"scope": Scope.province()}
    ).data
    assert set(row) == set(serialized) == set(EnterpriseSerializer.Meta.fields)
