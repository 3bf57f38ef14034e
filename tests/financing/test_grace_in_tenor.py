"""The tenor includes the grace months everywhere a schedule is made: the public
simulator (API and page), the application services and disbursement."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from financing import services
from financing.schedule import add_months

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db
SIMULATE = "/api/v1/financing/simulate/"


@pytest.fixture
def graced():
    return SchemeFactory(
        code="bergulir-tenggang",
        annual_rate=Decimal("12.00"),
        method="flat",
        grace_months=3,
        grace_kind="interest_only",
    )


def test_simulate_counts_the_grace_inside_the_tenor(graced):
    response = APIClient().get(
        SIMULATE,
        {"scheme": graced.code, "amount": "9000000", "tenor_months": 12},
    )

    assert response.status_code == 200, response.json()
    rows = response.json()["installments"]
    assert len(rows) == 12
    assert [row["principal"] for row in rows[:3]] == ["0.00"] * 3
    assert [row["interest"] for row in rows[:3]] == ["90000.00"] * 3
    assert rows[3]["principal"] == "1000000.00"
    assert rows[-1]["balance"] == "0.00"
    assert response.json()["total_interest"] == "1080000.00"  # 12 x 90,000
    assert response.json()["monthly_payment"] == "1090000.00"


@pytest.mark.parametrize("tenor", [1, 3])
def test_simulate_refuses_a_tenor_not_longer_than_the_grace(graced, tenor):
    response = APIClient().get(
        SIMULATE,
        {"scheme": graced.code, "amount": "9000000", "tenor_months": tenor},
    )

    assert response.status_code == 400
    assert "tenor_months" in response.json()


def test_simulate_comparison_marks_the_scheme_unfit_without_a_schedule(graced):
    response = APIClient().get(SIMULATE, {"amount": "9000000", "tenor_months": 2})

    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["fits"] is False
    assert "tenor_months" in result["problems"]
    assert result["installments"] == []


def test_simulation_page_shows_twelve_rows_for_twelve_months(client, graced):
    response = client.get(
        "/simulasi/", {"nominal": "9.000.000", "tenor": 12, "skema": graced.code}
    )

    assert response.status_code == 200
    assert len(response.context["chosen"].installments) == 12


def test_application_refuses_a_tenor_not_longer_than_the_grace(
    graced, cooperative, officer
):
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            data={
                "scheme": graced,
                "cooperative": cooperative,
                "amount": "10000000",
                "tenor_months": 3,
                "purpose": "working_capital",
            },
            by=officer,
        )

    assert "tenor_months" in refused.value.message_dict


def test_scheme_refuses_a_grace_as_long_as_its_longest_tenor():
    scheme = SchemeFactory.build(code="salah", max_tenor_months=6, grace_months=6)

    with pytest.raises(ValidationError) as refused:
        scheme.full_clean()

    assert "grace_months" in refused.value.message_dict


def test_a_disbursed_loan_ends_at_its_tenor(graced, payer):
    disbursed_on = datetime.date(2026, 1, 10)
    loan = disbursed_loan(
        disbursed_on=disbursed_on, by=payer, amount=Decimal(9_000_000), scheme=graced
    )

    rows = list(loan.installments.order_by("number"))
    assert len(rows) == 12
    assert rows[-1].due_date == add_months(disbursed_on, 12)
    assert [row.principal for row in rows[:3]] == [Decimal(0)] * 3
    assert loan.first_due_on == add_months(disbursed_on, 1)


def test_a_full_grace_loan_first_falls_due_after_the_grace(payer):
    scheme = SchemeFactory(grace_months=2, grace_kind="full", method="flat")
    disbursed_on = datetime.date(2026, 1, 10)
    loan = disbursed_loan(disbursed_on=disbursed_on, by=payer, scheme=scheme)

    rows = list(loan.installments.order_by("number"))
    assert len(rows) == 12
    assert [row.paid_on for row in rows[:2]] == [disbursed_on] * 2  # nothing due
    assert loan.first_due_on == add_months(disbursed_on, 3)
    assert loan.oldest_unpaid_due_on == add_months(disbursed_on, 3)
