"""Dates of events that have happened are refused in the future — in WITA, in every
interface — and the error names the field."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperatives.models import AnnualReport, Cooperative
from cooperatives.services.imports import import_request, import_run
from financing.models import Application
from programs.models import Enrolment, MentoringVisit
from tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def cooperative_body(**changes) -> dict:
    return {
        "nik": "6472010203040599",
        "name": "Koperasi Masa Depan",
        "kind": "producer",
        "district": "64.72",
        **changes,
    }


@pytest.mark.parametrize("field", ["established_on", "legal_entity_date"])
@pytest.mark.parametrize("value", ["2999-01-01", None])
def test_api_refuses_a_cooperative_founded_in_the_future(samarinda_api, field, value):
    value = value or tomorrow().isoformat()

    response = samarinda_api.post(
        "/api/v1/cooperatives/", cooperative_body(**{field: value}), format="json"
    )

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert "masa depan" in errors[field][0]
    assert not Cooperative.objects.filter(nik="6472010203040599").exists()


def test_api_accepts_today_in_wita(samarinda_api):
    today = timezone.localdate().isoformat()

    response = samarinda_api.post(
        "/api/v1/cooperatives/",
        cooperative_body(established_on=today, legal_entity_date=today),
        format="json",
    )

    assert response.status_code == 201, response.json()


def test_api_patch_refuses_a_future_founding_date(samarinda_api):
    cooperative = CooperativeFactory(district_id="64.72")

    response = samarinda_api.patch(
        f"/api/v1/cooperatives/{cooperative.pk}/",
        {"established_on": "2999-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["established_on"]
    cooperative.refresh_from_db()
    assert cooperative.established_on != datetime.date(2999, 1, 1)


def test_legal_entity_before_founding_names_legal_entity_date(samarinda_api):
    body = cooperative_body(established_on="2020-05-01", legal_entity_date="2020-04-01")

    response = samarinda_api.post("/api/v1/cooperatives/", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["legal_entity_date"]


def test_model_clean_names_legal_entity_date():
    cooperative = CooperativeFactory.build(
        district_id="64.72",
        established_on=datetime.date(2020, 5, 1),
        legal_entity_date=datetime.date(2020, 4, 1),
    )

    with pytest.raises(ValidationError) as error:
        cooperative.full_clean(validate_unique=False)

    assert list(error.value.message_dict) == ["legal_entity_date"]


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Cooperative, "established_on"),
        (Cooperative, "legal_entity_date"),
        (AnnualReport, "rat_held_on"),
        (MentoringVisit, "visited_on"),
        (Enrolment, "certificate_issued_on"),
        (Application, "business_started_on"),
    ],
)
def test_event_date_fields_refuse_tomorrow_and_accept_today(model, field):
    model_field = model._meta.get_field(field)

    model_field.clean(timezone.localdate(), None)
    with pytest.raises(ValidationError, match="masa depan"):
        model_field.clean(tomorrow(), None)


def test_import_rejects_a_row_founded_in_the_future():
    header = ["nik", "name", "kind", "district", "established_on"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerow(
        ["6472000000000009", "Masa Depan", "consumer", "64.72", "2999-01-01"]
    )
    file = SimpleUploadedFile("koperasi.csv", out.getvalue().encode("utf-8-sig"))

    job = import_request(kind="cooperatives", file=file, district=None, by=None)
    job = import_run(job_id=job.pk)

    assert job.created == 0
    assert not Cooperative.objects.filter(nik="6472000000000009").exists()
    job.errors_file.open("rb")
    rejected = job.errors_file.read().decode("utf-8-sig")
    job.errors_file.close()
    assert "established_on" in rejected
    assert "masa depan" in rejected
