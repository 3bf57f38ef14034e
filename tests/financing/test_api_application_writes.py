"""Applications created and submitted over the API (SPEC §6.6): a draft for a
cooperative or an SME, its submission through the eligibility rules, a district
token limited to its district's applicants, idempotent POSTs."""

import datetime
from decimal import Decimal

import pytest

from financing.models import Application
from tests.factories import CooperativeFactory, EnterpriseFactory, district

from .factories import ApplicationFactory, SchemeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/financing/applications/"


def submit_url(pk):
    return f"{URL}{pk}/submit/"


def body(**overrides):
    data = {
        "scheme": "dana-bergulir",
        "amount": "25000000",
        "tenor_months": 12,
        "purpose": "working_capital",
    }
    data.update(overrides)
    return data


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def balikpapan():
    return CooperativeFactory(district=district("64.71"))


def test_a_district_token_creates_and_submits_a_cooperative_application(
    samarinda_api, scheme, cooperative
):
    created = samarinda_api.post(URL, body(cooperative=cooperative.pk), format="json")

    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft"
    assert data["scheme"] == "dana-bergulir"
    assert data["cooperative"] == cooperative.pk
    assert data["enterprise"] is None
    assert data["district"] == "64.72"
    assert data["amount"] == "25000000.00"
    assert data["number"].startswith("FIN-")
    application = Application.objects.get(pk=data["id"])
    assert application.created_by == samarinda_api.token.user

    submitted = samarinda_api.post(submit_url(data["id"]), format="json")

    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"]
    assert {fact["rule"] for fact in submitted.json()["eligibility"]} >= {
        "amount",
        "tenor",
    }
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_an_enterprise_application_is_created_and_submitted(
    samarinda_api, scheme, enterprise
):
    created = samarinda_api.post(
        URL,
        body(enterprise=enterprise.pk, purpose="investment", tenor_months=24),
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert created.json()["enterprise"] == enterprise.pk
    assert created.json()["cooperative"] is None
    assert created.json()["applicant_name"] == enterprise.name

    submitted = samarinda_api.post(submit_url(created.json()["id"]))

    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"


def test_the_failed_rules_are_answered_under_eligibility(
    samarinda_api, cooperative, enterprise
):
    # A rule about the loan (the amount) is checked at submission; a rule about
    # the applicant (a scheme for cooperatives only) already refuses the draft.
    SchemeFactory(
        code="hanya-koperasi",
        max_amount=Decimal("20000000"),
        max_tenor_months=12,
    )
    created = samarinda_api.post(
        URL,
        body(scheme="hanya-koperasi", enterprise=enterprise.pk, amount="30000000"),
        format="json",
    )
    assert created.status_code == 201, created.json()

    refused = samarinda_api.post(submit_url(created.json()["id"]))

    assert refused.status_code == 400
    failed = refused.json()["eligibility"]
    assert set(failed) == {"amount"}
    assert "di luar batas skema" in failed["amount"][0]
    assert Application.objects.get(pk=created.json()["id"]).status == "draft"


def test_a_second_submission_is_refused_naming_no_rule(
    samarinda_api, scheme, cooperative
):
    application = ApplicationFactory(
        scheme=scheme, cooperative=cooperative, status=Application.Status.SUBMITTED
    )

    response = samarinda_api.post(submit_url(application.pk))

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Hanya permohonan draf yang dapat diajukan."]
    }


def test_another_districts_applicant_is_refused_as_if_it_did_not_exist(
    samarinda_api, scheme, balikpapan
):
    elsewhere = EnterpriseFactory(district=district("64.71"))

    cooperative = samarinda_api.post(
        URL, body(cooperative=balikpapan.pk), format="json"
    )
    enterprise = samarinda_api.post(URL, body(enterprise=elsewhere.pk), format="json")
    missing = samarinda_api.post(URL, body(cooperative=999999999), format="json")

    assert cooperative.status_code == enterprise.status_code == 400
    assert set(cooperative.json()) == {"cooperative"}
    assert set(enterprise.json()) == {"enterprise"}
    # The same answer as for an id that does not exist: no existence leak.
    assert missing.json() == {
        "cooperative": ["Koperasi dengan id 999999999 tidak ditemukan."]
    }
    assert cooperative.json() == {
        "cooperative": [f"Koperasi dengan id {balikpapan.pk} tidak ditemukan."]
    }
    assert enterprise.json() == {
        "enterprise": [f"UMKM dengan id {elsewhere.pk} tidak ditemukan."]
    }
    assert not Application.objects.exists()


def test_another_districts_application_cannot_be_submitted(
    samarinda_api, scheme, balikpapan
):
    application = ApplicationFactory(scheme=scheme, cooperative=balikpapan)

    response = samarinda_api.post(submit_url(application.pk))

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_staff_create_for_any_district(staff_api, scheme, balikpapan):
    response = staff_api.post(URL, body(cooperative=balikpapan.pk), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["district"] == "64.71"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, "cooperative"),  # no applicant
        ({"enterprise": "both"}, "cooperative"),  # both applicants
        ({"scheme": "tidak-ada"}, "scheme"),
        ({"amount": "1000000.50"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"tenor_months": 0}, "tenor_months"),
        ({"purpose": "liburan"}, "purpose"),
        ({"cooperative": "satu"}, "cooperative"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    samarinda_api, scheme, cooperative, enterprise, overrides, field
):
    data = body(**{"cooperative": cooperative.pk, **overrides})
    if "enterprise" in overrides:
        data["enterprise"] = enterprise.pk
    if overrides == {}:
        del data["cooperative"]

    response = samarinda_api.post(URL, data, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Application.objects.exists()


def test_a_closed_scheme_is_refused_by_the_service(samarinda_api, cooperative):
    SchemeFactory(code="tutup", is_open=False)

    response = samarinda_api.post(
        URL, body(scheme="tutup", cooperative=cooperative.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "scheme": ["Skema ini sedang tidak menerima permohonan."]
    }


def test_a_future_business_start_is_refused(samarinda_api, scheme, enterprise, today):
    tomorrow = today + datetime.timedelta(days=2)

    response = samarinda_api.post(
        URL,
        body(enterprise=enterprise.pk, business_started_on=tomorrow.isoformat()),
        format="json",
    )

    assert response.status_code == 400
    assert "business_started_on" in response.json()


def test_the_same_idempotency_key_creates_one_application(
    samarinda_api, scheme, cooperative
):
    headers = {"HTTP_IDEMPOTENCY_KEY": "walk-in-1"}
    data = body(cooperative=cooperative.pk)

    first = samarinda_api.post(URL, data, format="json", **headers)
    again = samarinda_api.post(URL, data, format="json", **headers)

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Application.objects.count() == 1

    submit_headers = {"HTTP_IDEMPOTENCY_KEY": "submit-1"}
    url = submit_url(first.json()["id"])
    assert samarinda_api.post(url, **submit_headers).status_code == 200
    replay = samarinda_api.post(url, **submit_headers)
    assert replay.status_code == 200
    assert replay["Idempotent-Replayed"] == "true"


def test_creating_needs_a_token(scheme, cooperative):
    from rest_framework.test import APIClient

    response = APIClient().post(URL, body(cooperative=cooperative.pk), format="json")

    assert response.status_code == 401
    assert not Application.objects.exists()
