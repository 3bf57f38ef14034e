"""Financing API per endpoint: the public simulator, scope per role, filters,
bad input, repayments, and constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from financing.models import Application
from tests.factories import CooperativeFactory, EnterpriseFactory, district

from .factories import ApplicationFactory, LoanFactory, SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SIMULATE = "/api/v1/financing/simulate/"


@pytest.fixture
def public():
    return APIClient()


@pytest.fixture
def schemes():
    return {
        "lpdb": SchemeFactory(
            code="lpdb-bergulir",
            name="Dana Bergulir LPDB",
            annual_rate=Decimal("3.00"),
            method="declining",
            max_amount=Decimal("500000000"),
        ),
        "kur": SchemeFactory(
            code="kur-mikro",
            name="KUR Mikro",
            annual_rate=Decimal("6.00"),
            method="annuity",
            max_amount=Decimal("100000000"),
        ),
        "small": SchemeFactory(
            code="modal-kecil",
            name="Modal Kecil",
            annual_rate=Decimal("0.00"),
            method="flat",
            max_amount=Decimal("5000000"),
        ),
        "closed": SchemeFactory(code="tutup", name="Skema Tutup", is_open=False),
    }


def _two_districts(**kwargs):
    samarinda = ApplicationFactory(
        cooperative=CooperativeFactory(district=district("64.72")), **kwargs
    )
    balikpapan = ApplicationFactory(
        cooperative=CooperativeFactory(district=district("64.71")), **kwargs
    )
    return samarinda, balikpapan


# --- Schemes ---------------------------------------------------------------------


def test_scheme_list_fields(schemes, samarinda_api):
    response = samarinda_api.get("/api/v1/financing/schemes/?ordering=annual_rate")

    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == first | {
        "code": "modal-kecil",
        "name": "Modal Kecil",
        "partner": "Bankaltimtara",
        "annual_rate": "0.00",
        "method": "flat",
        "min_amount": "1000000.00",
        "max_amount": "5000000.00",
        "max_tenor_months": 36,
    }
    assert samarinda_api.get("/api/v1/financing/schemes/kur-mikro/").status_code == 200


def test_scheme_list_needs_a_token(schemes, public):
    assert public.get("/api/v1/financing/schemes/").status_code == 401


# --- Simulator -------------------------------------------------------------------


def test_simulate_one_scheme_without_authentication(schemes, public):
    response = public.get(
        SIMULATE, {"scheme": "kur-mikro", "amount": "10000000", "tenor_months": 12}
    )

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data == data | {
        "scheme": "kur-mikro",
        "amount": "10000000.00",
        "tenor_months": 12,
        "total_interest": "327973.00",
        "monthly_payment": "860664.00",
        "fits": True,
    }
    assert len(data["installments"]) == 12
    assert data["installments"][0] == data["installments"][0] | {
        "number": 1,
        "principal": "810664.00",
        "interest": "50000.00",
        "payment": "860664.00",
        "balance": "9189336.00",
    }
    assert data["installments"][-1]["balance"] == "0.00"
    datetime.date.fromisoformat(data["installments"][0]["due_date"])


def test_simulate_compares_every_open_scheme_and_a_commercial_rate(
    schemes, public, settings
):
    settings.FINANCING_COMMERCIAL_RATE = Decimal("24.00")

    response = public.get(SIMULATE, {"amount": "10000000", "tenor_months": 12})

    assert response.status_code == 200
    data = response.json()
    codes = [row["scheme"] for row in data["results"]]
    # Those the loan fits, cheapest first; then the ones it does not fit.
    assert codes == ["lpdb-bergulir", "kur-mikro", "modal-kecil"]
    assert [row["fits"] for row in data["results"]] == [True, True, False]
    assert "amount" in data["results"][2]["problems"]
    commercial = data["commercial"]
    assert commercial["scheme"] is None
    assert commercial["annual_rate"] == "24.00"
    assert Decimal(commercial["total_interest"]) > Decimal(
        data["results"][1]["total_interest"]
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tenor_months": 12}, "amount"),
        ({"amount": "banyak", "tenor_months": 12}, "amount"),
        ({"amount": "0", "tenor_months": 12}, "amount"),
        ({"amount": "1000000.50", "tenor_months": 12}, "amount"),
        ({"amount": "1e40", "tenor_months": 12}, "amount"),
        ({"amount": "10000000"}, "tenor_months"),
        ({"amount": "10000000", "tenor_months": 0}, "tenor_months"),
        ({"amount": "10000000", "tenor_months": 361}, "tenor_months"),
        ({"amount": "10000000", "tenor_months": "satu"}, "tenor_months"),
        ({"scheme": "tidak-ada", "amount": "10000000", "tenor_months": 12}, "scheme"),
        ({"scheme": "tutup", "amount": "10000000", "tenor_months": 12}, "scheme"),
        ({"scheme": "modal-kecil", "amount": "10000000", "tenor_months": 12}, "amount"),
        (
            {"scheme": "kur-mikro", "amount": "10000000", "tenor_months": 48},
            "tenor_months",
        ),
    ],
)
def test_simulate_bad_input_is_400_naming_the_field(schemes, public, params, field):
    response = public.get(SIMULATE, params)

    assert response.status_code == 400
    assert field in response.json(), response.json()


# --- Applications ----------------------------------------------------------------


def test_application_list_is_scoped_per_district(
    samarinda_api, balikpapan_api, staff_api
):
    samarinda, balikpapan = _two_districts()
    sme = ApplicationFactory(
        cooperative=None, enterprise=EnterpriseFactory(district=district("64.72"))
    )

    mine = samarinda_api.get("/api/v1/financing/applications/").json()["results"]

    assert {row["id"] for row in mine} == {samarinda.pk, sme.pk}
    assert (
        samarinda_api.get(
            f"/api/v1/financing/applications/{balikpapan.pk}/"
        ).status_code
        == 404
    )
    assert (
        balikpapan_api.get(
            f"/api/v1/financing/applications/{samarinda.pk}/"
        ).status_code
        == 404
    )
    assert staff_api.get("/api/v1/financing/applications/").json()["count"] == 3


def test_application_fields_and_detail(samarinda_api):
    application = ApplicationFactory(
        eligibility=[{"rule": "amount", "passed": True, "detail": "Nominal sesuai."}]
    )

    row = samarinda_api.get("/api/v1/financing/applications/").json()["results"][0]
    detail = samarinda_api.get(
        f"/api/v1/financing/applications/{application.pk}/"
    ).json()

    assert row == row | {
        "id": application.pk,
        "number": application.number,
        "scheme": application.scheme.code,
        "cooperative": application.cooperative_id,
        "enterprise": None,
        "district": "64.72",
        "amount": "10000000.00",
        "tenor_months": 12,
        "status": "draft",
    }
    assert detail["eligibility"] == application.eligibility
    assert detail["documents"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=submitted", {"submitted"}),
        ("scheme=skema-a", {"a"}),
        ("district=64.71", {"balikpapan"}),
    ],
)
def test_application_filters(staff_api, query, expected):
    scheme_a = SchemeFactory(code="skema-a")
    rows = {
        "submitted": ApplicationFactory(status="submitted"),
        "a": ApplicationFactory(scheme=scheme_a),
        "balikpapan": ApplicationFactory(
            cooperative=CooperativeFactory(district=district("64.71"))
        ),
    }

    response = staff_api.get(f"/api/v1/financing/applications/?{query}")

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {rows[name].pk for name in expected}


@pytest.mark.parametrize(
    "query", ["status=lunas", "scheme=tidak-ada", "district=99.99", "purpose=x"]
)
def test_application_filter_bad_values_are_400(staff_api, query):
    response = staff_api.get(f"/api/v1/financing/applications/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_applications_need_a_token(public):
    assert public.get("/api/v1/financing/applications/").status_code == 401


# --- Loans -----------------------------------------------------------------------


def test_loan_list_is_scoped_and_derives_arrears(samarinda_api, staff_api, today):
    samarinda = LoanFactory(oldest_unpaid_due_on=today - 12 * DAY)
    balikpapan = LoanFactory(
        application__cooperative=CooperativeFactory(district=district("64.71"))
    )

    rows = samarinda_api.get("/api/v1/financing/loans/").json()["results"]

    assert rows == [
        rows[0]
        | {
            "id": samarinda.pk,
            "application": samarinda.application_id,
            "principal": "10000000.00",
            "outstanding_principal": "10000000.00",
            "days_past_due": 12,
            "status": "in_arrears",
        }
    ]
    assert (
        samarinda_api.get(f"/api/v1/financing/loans/{balikpapan.pk}/").status_code
        == 404
    )
    assert staff_api.get("/api/v1/financing/loans/").json()["count"] == 2


def test_loan_detail_has_the_installments(samarinda_api, reviewer, today):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY, by=reviewer)

    data = samarinda_api.get(f"/api/v1/financing/loans/{loan.pk}/").json()

    assert len(data["installments"]) == 12
    first = data["installments"][0]
    assert first["number"] == 1
    assert Decimal(first["payment"]) == Decimal(first["principal"]) + Decimal(
        first["interest"]
    )
    assert data["arrears_amount"] == first["payment"]
    assert data["status"] == "in_arrears"


@pytest.mark.parametrize("status", ["current", "in_arrears", "closed"])
def test_loan_filter_status(staff_api, today, status):
    loans = {
        "current": LoanFactory(oldest_unpaid_due_on=today + 5 * DAY),
        "in_arrears": LoanFactory(oldest_unpaid_due_on=today - 5 * DAY),
        "closed": LoanFactory(
            oldest_unpaid_due_on=None, closed_on=today, outstanding_principal=0
        ),
    }

    response = staff_api.get(f"/api/v1/financing/loans/?status={status}")

    assert [row["id"] for row in response.json()["results"]] == [loans[status].pk]
    assert response.json()["results"][0]["status"] == status


def test_loan_filter_district_and_ordering(staff_api, today):
    LoanFactory(oldest_unpaid_due_on=today - 50 * DAY)
    LoanFactory(oldest_unpaid_due_on=today - 5 * DAY)
    balikpapan = LoanFactory(
        application__cooperative=CooperativeFactory(district=district("64.71")),
        oldest_unpaid_due_on=today + 5 * DAY,
    )

    by_district = staff_api.get("/api/v1/financing/loans/?district=64.71").json()
    ordered = staff_api.get("/api/v1/financing/loans/?ordering=-days_past_due").json()

    assert [row["id"] for row in by_district["results"]] == [balikpapan.pk]
    assert [row["days_past_due"] for row in ordered["results"]] == [50, 5, 0]


# --- Repayments ------------------------------------------------------------------


def test_repayment_post_for_staff_is_idempotent(repayment_api, reviewer, today):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY, by=reviewer)
    url = f"/api/v1/financing/loans/{loan.pk}/repayments/"
    body = {"amount": "500000", "reference": "BRI-77", "paid_on": str(today)}

    first = repayment_api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    replay = repayment_api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    same_reference = repayment_api.post(url, body, format="json")

    assert first.status_code == 201, first.json()
    assert first.json()["interest_part"] == "60000.00"  # 12,000,000 x 0.5%
    assert replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert same_reference.status_code == 200
    assert same_reference.json()["id"] == first.json()["id"]
    assert loan.repayments.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reference": "X"}, "amount"),
        ({"amount": "100.5", "reference": "X"}, "amount"),
        ({"amount": "999999999", "reference": "X"}, "amount"),
        ({"amount": "1000"}, "reference"),
        ({"amount": "1000", "reference": "X", "paid_on": "2000-01-01"}, "paid_on"),
    ],
)
def test_repayment_post_bad_input_is_400(repayment_api, reviewer, today, body, field):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY, by=reviewer)

    response = repayment_api.post(
        f"/api/v1/financing/loans/{loan.pk}/repayments/", body, format="json"
    )

    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_repayment_post_is_for_province_staff_only(samarinda_api):
    loan = LoanFactory()

    response = samarinda_api.post(
        f"/api/v1/financing/loans/{loan.pk}/repayments/",
        {"amount": "1000", "reference": "X"},
        format="json",
    )

    assert response.status_code == 403
    assert not loan.repayments.exists()


# --- Portfolio -------------------------------------------------------------------


def test_portfolio_is_scoped(samarinda_api, today):
    LoanFactory(oldest_unpaid_due_on=today - 45 * DAY)
    LoanFactory(application__cooperative=CooperativeFactory(district=district("64.71")))

    data = samarinda_api.get("/api/v1/financing/portfolio/").json()

    assert [row["key"] for row in data["results"]] == ["64.72"]
    assert data["results"][0]["par"] == "10000000.00"
    assert [band["loans"] for band in data["par_bands"]] == [0, 1, 0, 0]
    assert (
        samarinda_api.get("/api/v1/financing/portfolio/?group_by=x").status_code == 400
    )


# --- Query counts ----------------------------------------------------------------


def _applications(count):
    for index in range(count):
        if index % 2:
            ApplicationFactory(
                cooperative=None,
                enterprise=EnterpriseFactory(),
                status=Application.Status.SUBMITTED,
            )
        else:
            ApplicationFactory()


def _loans(count):
    for index in range(count):
        LoanFactory(
            application__cooperative=None if index % 2 else CooperativeFactory(),
            application__enterprise=EnterpriseFactory() if index % 2 else None,
        )


@pytest.mark.parametrize(
    ("url", "factory"),
    [
        ("/api/v1/financing/applications/", _applications),
        ("/api/v1/financing/loans/", _loans),
        ("/api/v1/financing/schemes/", SchemeFactory.create_batch),
    ],
)
def test_list_query_count_is_constant(staff_api, url, factory):
    factory(10)
    staff_api.get(url)  # the token's first use records last_used_at
    with CaptureQueriesContext(connection) as few:
        assert staff_api.get(url + "?page_size=500").status_code == 200
    factory(190)

    with CaptureQueriesContext(connection) as many:
        response = staff_api.get(url + "?page_size=500")

    assert response.json()["count"] >= 200
    assert len(many) == len(few)
