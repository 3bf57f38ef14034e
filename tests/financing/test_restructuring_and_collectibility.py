"""Restructuring (new tenor, grace or rate from a date, old schedule archived),
kolektibilitas 1-5 (POJK 40/2019) beside PAR; each with its own duty and on
exact rupiah. The write-off is in test_write_off.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.scope import Scope
from financing import collectibility, selectors, services
from financing.models import LoanRestructuring
from tests.factories import StaffFactory, grant

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db
DISBURSED = datetime.date(2025, 1, 10)


@pytest.fixture
def loan(payer):
    """12,000,000 declining at 12% over 12 months, disbursed 10 January 2025:
    1,000,000 principal + 1% of the balance, due on the 10th from February."""
    return disbursed_loan(
        disbursed_on=DISBURSED,
        by=payer,
        amount=Decimal(12_000_000),
        scheme=SchemeFactory(method="declining", annual_rate=Decimal("12.00")),
    )


@pytest.fixture
def restructurer(db):
    return grant(StaffFactory(is_superuser=False), groups=["Pemutus restrukturisasi"])


@pytest.fixture
def approver(db):
    return grant(StaffFactory(is_superuser=False), groups=["Pemutus hapus buku"])


def _pay(loan, amount, day, reference, by):
    services.repayment_record(
        loan_id=loan.pk, amount=amount, reference=reference, paid_on=day, by=by
    )


def _rows(loan):
    return list(
        loan.installments.order_by("number").values_list(
            "number", "due_date", "principal", "interest"
        )
    )


# --- Restructuring ---------------------------------------------------------------


def test_restructuring_rebuilds_the_schedule_from_a_date(loan, payer, restructurer):
    _pay(loan, 1_120_000, datetime.date(2025, 2, 10), "R1", payer)
    _pay(loan, 1_110_000, datetime.date(2025, 3, 10), "R2", payer)
    # Installment 3 (10 April: 1,000,000 + 100,000) is not paid.

    record = services.loan_restructure(
        loan_id=loan.pk,
        by=restructurer,
        effective_on=datetime.date(2025, 5, 1),
        reason="Usaha terdampak banjir Samarinda",
        tenor_months=12,
        grace_months=2,
        annual_rate=Decimal(6),
    )

    loan.refresh_from_db()
    rows = _rows(loan)
    assert len(rows) == 3 + 12
    # Installment 3 keeps its unpaid interest; its principal moved on.
    assert rows[2][2:] == (Decimal(0), Decimal(100_000))
    # 10,000,000 at 0.5% a month: 2 interest-only months of 50,000, then
    # 1,000,000 + 0.5% of the balance (50,000, 45,000, … 5,000).
    assert rows[3] == (4, datetime.date(2025, 6, 1), Decimal(0), Decimal(50_000))
    assert rows[4][2:] == (Decimal(0), Decimal(50_000))
    assert rows[5][2:] == (Decimal(1_000_000), Decimal(50_000))
    assert rows[6][2:] == (Decimal(1_000_000), Decimal(45_000))
    assert rows[-1] == (
        15,
        datetime.date(2026, 5, 1),
        Decimal(1_000_000),
        Decimal(5_000),
    )
    assert sum(row[3] for row in rows[3:]) == Decimal(100_000 + 275_000)
    assert sum(row[2] for row in rows) == Decimal(12_000_000)
    assert loan.outstanding_principal == Decimal(10_000_000)
    assert (loan.annual_rate, loan.tenor_months, loan.grace_months) == (
        Decimal(6),
        12,
        2,
    )
    assert loan.oldest_unpaid_due_on == datetime.date(2025, 4, 10)
    # The old schedule is kept, with the old terms and the reason.
    assert record.principal == Decimal(10_000_000)
    assert (record.previous_annual_rate, record.previous_tenor_months) == (
        Decimal(12),
        12,
    )
    assert len(record.previous_schedule) == 12
    assert record.previous_schedule[3] == record.previous_schedule[3] | {
        "number": 4,
        "due_date": "2025-05-10",
        "principal": "1000000.00",
        "interest": "90000.00",
    }
    assert LoanRestructuring.objects.get().reason == "Usaha terdampak banjir Samarinda"


def test_restructuring_is_its_own_duty(loan):
    someone = grant(StaffFactory(is_superuser=False), groups=["Pencatat angsuran"])

    with pytest.raises(PermissionDenied):
        services.loan_restructure(
            loan_id=loan.pk,
            by=someone,
            effective_on=datetime.date(2025, 5, 1),
            reason="x",
            tenor_months=12,
        )


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"tenor_months": 3, "grace_months": 3}, "tenor_months"),
        ({"tenor_months": 12, "reason": " "}, "reason"),
        ({"tenor_months": 12, "effective_on": DISBURSED}, "effective_on"),
        (
            {"tenor_months": 12, "effective_on": datetime.date(2025, 2, 1)},
            "effective_on",
        ),
    ],
)
def test_restructuring_refuses_bad_terms(loan, payer, restructurer, terms, field):
    _pay(loan, 1_120_000, datetime.date(2025, 2, 10), "P1", payer)
    _pay(loan, 500_000, datetime.date(2025, 2, 11), "P2", payer)  # prepays no. 2
    arguments = {
        "loan_id": loan.pk,
        "by": restructurer,
        "effective_on": datetime.date(2025, 5, 1),
        "reason": "Penurunan omzet",
        **terms,
    }

    with pytest.raises(ValidationError) as refused:
        services.loan_restructure(**arguments)

    assert field in refused.value.message_dict
    assert len(_rows(loan)) == 12


# --- Kolektibilitas --------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "grade", "label"),
    [
        (0, 1, "Lancar"),
        (1, 2, "Dalam Perhatian Khusus"),
        (90, 2, "Dalam Perhatian Khusus"),
        (91, 3, "Kurang Lancar"),
        (120, 3, "Kurang Lancar"),
        (121, 4, "Diragukan"),
        (180, 4, "Diragukan"),
        (181, 5, "Macet"),
        (2000, 5, "Macet"),
    ],
)
def test_collectibility_bands(days, grade, label):
    assert collectibility.grade(days) == grade
    assert collectibility.label(grade) == label


def test_collectibility_beside_par_on_exact_outstanding(payer, staff_api, today):
    def loan_due(days_ago, amount):
        """Disbursed so that its first installment fell due `days_ago` days ago."""
        disbursed_on = today - datetime.timedelta(days=days_ago)
        disbursed_on = disbursed_on.replace(day=min(disbursed_on.day, 28))
        made = disbursed_loan(
            disbursed_on=disbursed_on - datetime.timedelta(days=31),
            by=payer,
            amount=Decimal(amount),
        )
        made.oldest_unpaid_due_on = today - datetime.timedelta(days=days_ago)
        made.save(update_fields=["oldest_unpaid_due_on"])
        return made

    loan_due(0, 5_000_000)  # due today: Lancar
    loan_due(45, 6_000_000)
    loan_due(100, 7_000_000)
    loan_due(150, 8_000_000)
    macet = loan_due(200, 9_000_000)

    stats = selectors.collectibility_stats(scope=Scope.province(), today=today)

    assert [(row["grade"], row["loans"], row["outstanding"]) for row in stats] == [
        (1, 1, Decimal(5_000_000)),
        (2, 1, Decimal(6_000_000)),
        (3, 1, Decimal(7_000_000)),
        (4, 1, Decimal(8_000_000)),
        (5, 1, Decimal(9_000_000)),
    ]
    portfolio = staff_api.get("/api/v1/financing/portfolio/").json()
    assert portfolio["collectibility"][4] == {
        "grade": 5,
        "label": "Macet",
        "loans": 1,
        "outstanding": "9000000.00",
    }
    assert "par_bands" in portfolio
    detail = staff_api.get(f"/api/v1/financing/loans/{macet.pk}/").json()
    assert (detail["collectibility"], detail["collectibility_label"]) == (5, "Macet")
    assert detail["days_past_due"] == 200
