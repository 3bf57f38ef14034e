"""Early payoff (interest to the payoff date, actual/365) and late fees (denda:
daily or monthly rate on the overdue amount, capped, paid before interest), on
exact rupiah. The loans are disbursed in the past on fixed dates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from financing import services
from financing.models import Repayment
from tests.factories import StaffFactory, grant

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db
DISBURSED = datetime.date(2025, 1, 10)  # installments due on the 10th from February


def _loan(payer, **scheme):
    """12,000,000 over 12 months at 12% (1% a month), disbursed 10 January 2025."""
    terms = {"method": "flat", "annual_rate": Decimal("12.00"), **scheme}
    return disbursed_loan(
        disbursed_on=DISBURSED,
        by=payer,
        amount=Decimal(12_000_000),
        scheme=SchemeFactory(**terms),
    )


def _pay(loan, amount, day, reference, by):
    return services.repayment_record(
        loan_id=loan.pk, amount=amount, reference=reference, paid_on=day, by=by
    )


def _row(loan, number):
    return loan.installments.get(number=number)


# --- Early payoff ----------------------------------------------------------------


def test_payoff_charges_interest_to_the_payoff_date_not_the_schedule(payer):
    # Declining: 1,000,000 principal + 1% of the balance a month.
    loan = _loan(payer, method="declining")
    for number, amount in [(1, 1_120_000), (2, 1_110_000), (3, 1_100_000)]:
        _pay(loan, amount, _row(loan, number).due_date, f"A{number}", payer)

    quote = services.payoff_quote(loan, datetime.date(2025, 4, 25))

    # 9,000,000 x 12% x 15 days (10 → 25 April) / 365 = 44,383.56 → 44,384.
    assert quote.principal == Decimal(9_000_000)
    assert quote.accrued_from == datetime.date(2025, 4, 10)
    assert quote.days == 15
    assert quote.accrued_interest == Decimal(44_384)
    assert (quote.arrears_interest, quote.late_fee) == (0, 0)
    assert quote.total == Decimal(9_044_384)
    # The rest of the schedule would have charged 90,000 + 80,000 + … + 10,000.

    repayment = services.loan_pay_off(
        loan_id=loan.pk,
        amount=Decimal(9_044_384),
        reference="LUNAS-1",
        paid_on=datetime.date(2025, 4, 25),
        by=payer,
    )

    loan.refresh_from_db()
    assert loan.closed_on == datetime.date(2025, 4, 25)
    assert loan.outstanding_principal == 0
    assert repayment.is_early_payoff
    assert (repayment.interest_part, repayment.principal_part) == (
        Decimal(44_384),
        Decimal(9_000_000),
    )
    assert _row(loan, 4).interest == Decimal(44_384)
    assert {_row(loan, n).interest for n in range(5, 13)} == {Decimal(0)}
    assert sum(r.interest for r in loan.installments.all()) == Decimal(
        120_000 + 110_000 + 100_000 + 44_384
    )


def test_payoff_adds_arrears_and_late_fees(payer):
    loan = _loan(payer, late_fee_rate=Decimal("0.1"), late_fee_cap_percent=5)
    _pay(loan, 1_120_000, datetime.date(2025, 2, 10), "B1", payer)
    # Installment 2 (10 March) is unpaid; pay off on 20 March.

    quote = services.payoff_quote(loan, datetime.date(2025, 3, 20))

    assert quote.principal == Decimal(11_000_000)
    assert quote.arrears_interest == Decimal(120_000)
    assert quote.late_fee == Decimal(11_200)  # 1,120,000 x 0.1% x 10 days
    # 11,000,000 x 12% x 10 / 365 = 36,164.38 → 36,164.
    assert quote.accrued_interest == Decimal(36_164)
    assert quote.total == Decimal(11_167_364)

    with pytest.raises(ValidationError) as refused:
        services.loan_pay_off(
            loan_id=loan.pk,
            amount=Decimal(11_240_000),  # the schedule's next two installments
            reference="LUNAS-2",
            paid_on=datetime.date(2025, 3, 20),
            by=payer,
        )
    assert "amount" in refused.value.message_dict
    assert "Rp11.167.364" in refused.value.message_dict["amount"][0]

    repayment = services.loan_pay_off(
        loan_id=loan.pk,
        amount=Decimal(11_167_364),
        reference="LUNAS-2",
        paid_on=datetime.date(2025, 3, 20),
        by=payer,
    )
    assert (
        repayment.late_fee_part,
        repayment.interest_part,
        repayment.principal_part,
    ) == (Decimal(11_200), Decimal(156_164), Decimal(11_000_000))
    loan.refresh_from_db()
    assert loan.closed_on == datetime.date(2025, 3, 20)


def test_payoff_in_a_full_grace_charges_no_interest(payer):
    loan = _loan(payer, grace_months=3, grace_kind="full")

    quote = services.payoff_quote(loan, datetime.date(2025, 3, 1))

    assert quote.accrued_interest == 0
    assert quote.total == Decimal(12_000_000)


def test_payoff_is_its_own_duty(payer):
    loan = _loan(payer)
    clerk = grant(StaffFactory(is_superuser=False), groups=["Pencatat angsuran"])
    settler = grant(
        StaffFactory(is_superuser=False), groups=["Pencatat pelunasan dipercepat"]
    )
    payoff = {
        "loan_id": loan.pk,
        "amount": Decimal(12_039_452),  # 12,000,000 + 10 days at 12% actual/365
        "reference": "X",
        "paid_on": datetime.date(2025, 1, 20),
    }

    with pytest.raises(PermissionDenied, match="pelunasan dipercepat"):
        services.loan_pay_off(**payoff, by=clerk)
    repayment = services.loan_pay_off(**payoff, by=settler)

    assert repayment.is_early_payoff
    assert repayment.amount == Decimal(12_039_452)
    assert repayment.recorded_by == settler


# --- Late fees -------------------------------------------------------------------


def test_monthly_late_fee_is_charged_by_the_day_and_paid_first(payer):
    # 2% a month = 24% a year, actual/365; installment 1 is 60 days late on
    # 11 April 2025: 1,120,000 x 0.24 x 60 / 365 = 44,186.30 → 44,186.
    loan = _loan(
        payer,
        late_fee_rate=Decimal(2),
        late_fee_period="monthly",
        late_fee_cap_percent=10,
    )

    repayment = _pay(loan, Decimal(1_164_186), datetime.date(2025, 4, 11), "C1", payer)

    assert (
        repayment.late_fee_part,
        repayment.interest_part,
        repayment.principal_part,
    ) == (Decimal(44_186), Decimal(120_000), Decimal(1_000_000))
    first, second = _row(loan, 1), _row(loan, 2)
    assert first.paid_on == datetime.date(2025, 4, 11)
    assert (first.late_fee, first.late_fee_paid) == (Decimal(44_186), Decimal(44_186))
    # Installment 2, 32 days late: 1,120,000 x 0.24 x 32 / 365 = 23,566.03.
    assert (second.late_fee, second.late_fee_paid) == (Decimal(23_566), 0)
    assert second.late_fee_accrued_to == datetime.date(2025, 4, 11)


def test_late_fee_stops_at_its_cap(payer):
    # 0.5% a day for 100 days would be 560,000; the cap is 5% of 1,120,000.
    loan = _loan(payer, late_fee_rate=Decimal("0.5"), late_fee_cap_percent=5)

    quote = services.payoff_quote(loan, datetime.date(2025, 5, 21))  # day 100

    # Installments 1-4 are 100, 72, 41 and 11 days late: 560,000, 403,200,
    # 229,600 and 61,600 uncapped; each capped at 56,000.
    assert quote.late_fee == Decimal(4 * 56_000)
    repayment = _pay(loan, Decimal(56_000), datetime.date(2025, 5, 21), "D1", payer)
    assert repayment.late_fee_part == Decimal(56_000)
    assert _row(loan, 1).late_fee == Decimal(56_000)


def test_a_payment_goes_to_the_fee_then_interest_then_principal(payer):
    loan = _loan(payer, late_fee_rate=Decimal("0.1"))

    # 10 days late: fee 11,200; 50,000 pays it and 38,800 of the interest.
    repayment = _pay(loan, Decimal(50_000), datetime.date(2025, 2, 20), "E1", payer)

    assert (
        repayment.late_fee_part,
        repayment.interest_part,
        repayment.principal_part,
    ) == (Decimal(11_200), Decimal(38_800), Decimal(0))


def test_a_part_payment_lowers_the_fee_from_its_day_on(payer):
    loan = _loan(payer, late_fee_rate=Decimal("0.1"))
    # Day 10: fee 11,200; 620,000 pays it, the interest and 488,800 principal.
    _pay(loan, Decimal(620_000), datetime.date(2025, 2, 20), "F1", payer)
    # Days 11-20 on the 511,200 left: 511,200 x 0.1% x 10 = 5,112.
    repayment = _pay(loan, Decimal(516_312), datetime.date(2025, 3, 2), "F2", payer)

    assert (repayment.late_fee_part, repayment.principal_part) == (
        Decimal(5_112),
        Decimal(511_200),
    )
    row = _row(loan, 1)
    assert (row.late_fee, row.late_fee_paid) == (Decimal(16_312), Decimal(16_312))
    assert row.paid_on == datetime.date(2025, 3, 2)


def test_a_scheme_without_late_fee_charges_none(payer):
    loan = _loan(payer)

    repayment = _pay(loan, Decimal(1_120_000), datetime.date(2025, 6, 1), "G1", payer)

    assert repayment.late_fee_part == 0
    assert Repayment.objects.get(reference="G1").interest_part == Decimal(120_000)


def test_loan_api_shows_the_late_fee_owed(payer, staff_api):
    loan = _loan(payer, late_fee_rate=Decimal("0.01"), late_fee_cap_percent=1)

    response = staff_api.get(f"/api/v1/financing/loans/{loan.pk}/")

    # Every installment is long overdue today: each capped at 1% of 1,120,000.
    assert response.status_code == 200
    assert response.json()["late_fee_due"] == "134400.00"  # 12 x 11,200
    assert response.json()["late_fee_rate"] == "0.010"
