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
    """Settling early is its own duty: the repayment clerk's token is refused
    until its user also holds the payoff duty."""
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
    clerk = repayment_api.post(f"{LOANS}/{loan.pk}/payoff/", body, format="json")
    assert clerk.status_code == 403
    grant(repayment_api.token.user, groups=["Pencatat pelunasan dipercepat"])
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
        groups=["Pemutus restrukturisasi", "Pengusul hapus buku", "Pemutus hapus buku"],
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

    requested = staff_api.post(
        f"{LOANS}/{loan.pk}/write-off/",
        {"written_off_on": "2025-12-01", "reason": "Usaha tutup"},
        format="json",
    )
    assert requested.status_code == 201, requested.json()
    assert requested.json() == requested.json() | {
        "status": "requested",
        "written_off_on": "2025-12-01",
        "principal": None,
    }
    own = staff_api.post(f"{LOANS}/{loan.pk}/write-off/approve/", {}, format="json")
    assert own.status_code == 403  # the requester cannot approve their own


def test_write_off_request_then_approve_or_refuse(loan, make_api_client):
    ask = make_api_client(None, name="pengusul")
    decide = make_api_client(None, name="pemutus")
    grant(ask.token.user, groups=["Pengusul hapus buku"])
    grant(decide.token.user, groups=["Pemutus hapus buku"])
    request = {"written_off_on": "2025-12-01", "reason": "Usaha tutup"}

    too_early = ask.post(
        f"{LOANS}/{loan.pk}/write-off/",
        {**request, "written_off_on": "2025-03-01"},
        format="json",
    )
    assert too_early.status_code == 400
    assert "written_off_on" in too_early.json()
    assert (
        decide.post(f"{LOANS}/{loan.pk}/write-off/", request, format="json").status_code
        == 403
    )
    assert (
        ask.post(f"{LOANS}/{loan.pk}/write-off/", request, format="json").status_code
        == 201
    )
    no_reason = decide.post(
        f"{LOANS}/{loan.pk}/write-off/refuse/", {"reason": ""}, format="json"
    )
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    refused = decide.post(
        f"{LOANS}/{loan.pk}/write-off/refuse/",
        {"reason": "Masih ditagih"},
        format="json",
    )
    assert refused.status_code == 200, refused.json()
    assert refused.json()["status"] == "refused"
    assert (
        ask.post(f"{LOANS}/{loan.pk}/write-off/", request, format="json").status_code
        == 201
    )

    written = decide.post(f"{LOANS}/{loan.pk}/write-off/approve/", {}, format="json")

    assert written.status_code == 200, written.json()
    assert written.json() == written.json() | {
        "written_off_on": "2025-12-01",
        "collectibility": 5,
        "collectibility_label": "Macet",
        "outstanding_principal": "12000000.00",
    }
    assert [row["status"] for row in written.json()["write_offs"]] == [
        "approved",
        "refused",
    ]
    assert written.json()["write_offs"][0]["interest"] == "1200000.00"
    record = loan.write_offs.get(status="approved")
    # Flat 12% on 12,000,000: 10 installments of 120,000 interest due by then.
    assert (record.principal, record.interest) == (
        Decimal(12_000_000),
        Decimal(1_200_000),
    )
