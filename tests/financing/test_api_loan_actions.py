"""The loan decisions over the API: payoff quote, early payoff, restructuring
and write-off; province-wide callers holding the duty only."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import CooperativeFactory, district, grant

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db
LOANS = "/api/v1/financing/loans"


@pytest.fixture
def loan(payer):
    """12,000,000 flat at 12% over 12 months from 10 January 2025, in Samarinda."""
    return disbursed_loan(
        disbursed_on=datetime.date(2025, 1, 10),
        by=payer,
        amount=Decimal(12_000_000),
        scheme=SchemeFactory(method="flat", annual_rate=Decimal("12.00")),
        cooperative=CooperativeFactory(district=district("64.72")),
    )


def test_payoff_quote_and_payoff(loan, repayment_api, samarinda_api, balikpapan_api):
    url = f"{LOANS}/{loan.pk}/payoff-quote/?date=2025-01-20"

    quote = samarinda_api.get(url)

    # 12,000,000 x 12% x 10 / 365 = 39,452.05 → 39,452.
    assert quote.status_code == 200
    assert quote.json() == quote.json() | {
        "principal": "12000000.00",
        "accrued_interest": "39452.00",
        "days": 10,
        "total": "12039452.00",
    }
    assert balikpapan_api.get(url).status_code == 404
    body = {"amount": "12039452", "reference": "API-LUNAS", "paid_on": "2025-01-20"}
    assert (
        samarinda_api.post(
            f"{LOANS}/{loan.pk}/payoff/", body, format="json"
        ).status_code
        == 403
    )
    wrong = repayment_api.post(
        f"{LOANS}/{loan.pk}/payoff/", {**body, "amount": "12000000"}, format="json"
    )
    assert wrong.status_code == 400
    assert "amount" in wrong.json()

    paid = repayment_api.post(f"{LOANS}/{loan.pk}/payoff/", body, format="json")

    assert paid.status_code == 201, paid.json()
    assert paid.json()["interest_part"] == "39452.00"
    assert repayment_api.get(f"{LOANS}/{loan.pk}/").json()["status"] == "closed"


def test_restructure_and_write_off(loan, staff_api):
    grant(
        staff_api.token.user,
        groups=["Pemutus restrukturisasi", "Pemutus hapus buku"],
    )

    restructured = staff_api.post(
        f"{LOANS}/{loan.pk}/restructure/",
        {
            "effective_on": "2025-01-20",
            "tenor_months": 3,
            "grace_months": 3,
            "reason": "x",
        },
        format="json",
    )
    assert restructured.status_code == 400
    assert "tenor_months" in restructured.json()

    restructured = staff_api.post(
        f"{LOANS}/{loan.pk}/restructure/",
        {"effective_on": "2025-01-20", "tenor_months": 6, "reason": "Gagal panen"},
        format="json",
    )
    assert restructured.status_code == 201, restructured.json()
    assert restructured.json()["principal"] == "12000000.00"
    assert len(restructured.json()["previous_schedule"]) == 12
    detail = staff_api.get(f"{LOANS}/{loan.pk}/").json()
    assert len(detail["installments"]) == 6
    assert detail["installments"][0]["payment"] == "2120000.00"  # 2,000,000 + 1%

    written = staff_api.post(
        f"{LOANS}/{loan.pk}/write-off/",
        {"written_off_on": "2025-12-01", "reason": "Usaha tutup"},
        format="json",
    )
    assert written.status_code == 200, written.json()
    assert written.json() == written.json() | {
        "written_off_on": "2025-12-01",
        "collectibility": 5,
        "collectibility_label": "Macet",
        "outstanding_principal": "12000000.00",
    }
