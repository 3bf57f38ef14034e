"""The schedule engine: worked examples computed by hand, and properties that hold
for every input (hypothesis)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from financing.schedule import (
    ANNUITY,
    DECLINING,
    FLAT,
    FULL,
    GRACE_KINDS,
    INTEREST_ONLY,
    METHODS,
    add_months,
    build_schedule,
    total_interest,
)

FIRST_DUE = datetime.date(2026, 2, 15)


def rows_of(schedule):
    return [(r.principal, r.interest, r.payment, r.balance) for r in schedule]


# --- Worked examples (computed by hand) ------------------------------------------


def test_flat_12_million_at_12_percent_over_12_months():
    # P/n = 1,000,000; P·r/12 = 12,000,000 x 1% = 120,000 every month.
    schedule = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=FLAT,
        tenor_months=12,
        first_due=FIRST_DUE,
    )

    assert rows_of(schedule) == [
        (Decimal(1_000_000), Decimal(120_000), Decimal(1_120_000), Decimal(balance))
        for balance in range(11_000_000, -1, -1_000_000)
    ]
    assert total_interest(schedule) == Decimal(1_440_000)


def test_annuity_10_million_at_6_percent_over_12_months():
    # i = 0.5%; payment = 50,000 / (1 - 1.005^-12) = 860,664.21 → 860,664.
    # Month 1: interest 50,000, principal 810,664, balance 9,189,336.
    # Month 2: interest 9,189,336 x 0.5% = 45,946.68 → 45,947; principal 814,717.
    # Month 12 takes the remaining 856,387 principal + 4,282 interest = 860,669.
    schedule = build_schedule(
        principal=Decimal(10_000_000),
        annual_rate=Decimal(6),
        method=ANNUITY,
        tenor_months=12,
        first_due=FIRST_DUE,
    )

    assert [row.payment for row in schedule[:11]] == [Decimal(860_664)] * 11
    assert rows_of(schedule)[:2] == [
        (Decimal(810_664), Decimal(50_000), Decimal(860_664), Decimal(9_189_336)),
        (Decimal(814_717), Decimal(45_947), Decimal(860_664), Decimal(8_374_619)),
    ]
    assert rows_of(schedule)[-1] == (
        Decimal(856_387),
        Decimal(4_282),
        Decimal(860_669),
        Decimal(0),
    )
    # 11 x 860,664 + 860,669 - 10,000,000
    assert total_interest(schedule) == Decimal(327_973)


def test_declining_12_million_at_12_percent_over_12_months():
    # Principal 1,000,000 a month; interest 1% of the balance: 120,000 … 10,000.
    schedule = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=DECLINING,
        tenor_months=12,
        first_due=FIRST_DUE,
    )

    assert [row.interest for row in schedule] == [
        Decimal(n * 10_000) for n in range(12, 0, -1)
    ]
    assert {row.principal for row in schedule} == {Decimal(1_000_000)}
    assert total_interest(schedule) == Decimal(780_000)


def test_flat_rounding_remainder_goes_to_the_last_installment():
    schedule = build_schedule(
        principal=Decimal(10_000_000),
        annual_rate=Decimal(0),
        method=FLAT,
        tenor_months=3,
        first_due=FIRST_DUE,
    )

    assert [row.principal for row in schedule] == [
        Decimal(3_333_333),
        Decimal(3_333_333),
        Decimal(3_333_334),
    ]


def test_interest_only_grace_pays_interest_then_amortises_the_tenor():
    schedule = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=DECLINING,
        tenor_months=12,
        grace_months=2,
        grace_kind=INTEREST_ONLY,
        first_due=FIRST_DUE,
    )

    assert len(schedule) == 14
    assert rows_of(schedule)[:3] == [
        (Decimal(0), Decimal(120_000), Decimal(120_000), Decimal(12_000_000)),
        (Decimal(0), Decimal(120_000), Decimal(120_000), Decimal(12_000_000)),
        (Decimal(1_000_000), Decimal(120_000), Decimal(1_120_000), Decimal(11_000_000)),
    ]
    assert total_interest(schedule) == Decimal(240_000 + 780_000)
    assert schedule[2].due_date == datetime.date(2026, 4, 15)


def test_full_grace_defers_the_first_installment_without_interest():
    plain = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=FLAT,
        tenor_months=12,
        first_due=FIRST_DUE,
    )

    deferred = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=FLAT,
        tenor_months=12,
        grace_months=3,
        grace_kind=FULL,
        first_due=FIRST_DUE,
    )

    assert rows_of(deferred) == rows_of(plain)
    assert deferred[0].due_date == datetime.date(2026, 5, 15)
    assert deferred[0].number == 1


def test_due_dates_clamp_to_month_end_and_come_back():
    schedule = build_schedule(
        principal=Decimal(3_000_000),
        annual_rate=Decimal(6),
        method=FLAT,
        tenor_months=4,
        first_due=datetime.date(2024, 1, 31),
    )

    assert [row.due_date for row in schedule] == [
        datetime.date(2024, 1, 31),
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 31),
        datetime.date(2024, 4, 30),
    ]
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize("method", METHODS)
def test_rate_zero_is_principal_only(method):
    schedule = build_schedule(
        principal=Decimal(1_200_000),
        annual_rate=Decimal(0),
        method=method,
        tenor_months=12,
        grace_months=2,
        first_due=FIRST_DUE,
    )

    assert len(schedule) == 12
    assert {row.payment for row in schedule} == {Decimal(100_000)}
    assert schedule[0].due_date == datetime.date(2026, 4, 15)


@pytest.mark.parametrize("method", METHODS)
def test_tenor_one_repays_everything_at_once(method):
    schedule = build_schedule(
        principal=Decimal(5_000_000),
        annual_rate=Decimal(12),
        method=method,
        tenor_months=1,
        first_due=FIRST_DUE,
    )

    assert rows_of(schedule) == [
        (Decimal(5_000_000), Decimal(50_000), Decimal(5_050_000), Decimal(0))
    ]


@pytest.mark.parametrize(
    "terms",
    [
        {"principal": Decimal(0)},
        {"principal": Decimal("1000.50")},
        {"annual_rate": Decimal(-1)},
        {"method": "balloon"},
        {"tenor_months": 0},
        {"grace_months": -1},
        {"grace_kind": "holiday"},
    ],
)
def test_bad_terms_are_refused(terms):
    arguments = {
        "principal": Decimal(1_000_000),
        "annual_rate": Decimal(6),
        "method": FLAT,
        "tenor_months": 12,
        "first_due": FIRST_DUE,
        **terms,
    }

    with pytest.raises(ValueError):  # noqa: PT011
        build_schedule(**arguments)


# --- Properties ------------------------------------------------------------------

terms = st.fixed_dictionaries(
    {
        "principal": st.integers(min_value=1, max_value=10**13).map(Decimal),
        "annual_rate": st.decimals(
            min_value=0, max_value=60, places=2, allow_nan=False, allow_infinity=False
        ),
        "method": st.sampled_from(METHODS),
        "tenor_months": st.integers(min_value=1, max_value=360),
        "grace_months": st.integers(min_value=0, max_value=24),
        "grace_kind": st.sampled_from(GRACE_KINDS),
        "first_due": st.dates(
            min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2060, 12, 31)
        ),
    }
)


@settings(max_examples=300, deadline=None)
@given(terms)
def test_schedule_properties(terms):
    schedule = build_schedule(**terms)
    principal = terms["principal"]

    assert sum(row.principal for row in schedule) == principal
    balances = [principal] + [row.balance for row in schedule]
    assert all(a >= b for a, b in itertools.pairwise(balances))
    assert schedule[-1].balance == 0
    for row in schedule:
        assert row.payment == row.principal + row.interest
        assert row.principal >= 0
        assert row.interest >= 0
        for amount in (row.principal, row.interest, row.payment, row.balance):
            assert amount == amount.to_integral_value()
    assert [row.number for row in schedule] == list(range(1, len(schedule) + 1))
    dates = [row.due_date for row in schedule]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)


@settings(max_examples=100, deadline=None)
@given(terms)
def test_schedule_rate_zero_has_no_interest(terms):
    schedule = build_schedule(**{**terms, "annual_rate": Decimal(0)})

    assert total_interest(schedule) == 0
    assert len(schedule) == terms["tenor_months"]


@settings(max_examples=100, deadline=None)
@given(terms)
def test_schedule_row_count_follows_grace(terms):
    schedule = build_schedule(**terms)

    interest_only = terms["grace_kind"] == INTEREST_ONLY and terms["annual_rate"] > 0
    extra = terms["grace_months"] if interest_only else 0
    assert len(schedule) == terms["tenor_months"] + extra
    first_amortising = schedule[extra]
    assert first_amortising.due_date == add_months(
        terms["first_due"], terms["grace_months"]
    )
