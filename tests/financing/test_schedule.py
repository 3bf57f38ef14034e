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


def test_interest_only_grace_is_inside_the_tenor():
    # 12 months with 2 interest-only grace months: 12 installments; months 1-2
    # interest on 12,000,000 at 1% = 120,000; months 3-12 amortise over 10:
    # 1,200,000 principal + 1% of the balance (120,000, 108,000, … 12,000).
    schedule = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=DECLINING,
        tenor_months=12,
        grace_months=2,
        grace_kind=INTEREST_ONLY,
        first_due=FIRST_DUE,
    )

    assert len(schedule) == 12
    assert rows_of(schedule)[:4] == [
        (Decimal(0), Decimal(120_000), Decimal(120_000), Decimal(12_000_000)),
        (Decimal(0), Decimal(120_000), Decimal(120_000), Decimal(12_000_000)),
        (Decimal(1_200_000), Decimal(120_000), Decimal(1_320_000), Decimal(10_800_000)),
        (Decimal(1_200_000), Decimal(108_000), Decimal(1_308_000), Decimal(9_600_000)),
    ]
    assert rows_of(schedule)[-1] == (
        Decimal(1_200_000),
        Decimal(12_000),
        Decimal(1_212_000),
        Decimal(0),
    )
    # 2 x 120,000 grace + 12,000 x (10 + 9 + … + 1) = 240,000 + 660,000.
    assert total_interest(schedule) == Decimal(900_000)
    assert schedule[2].due_date == datetime.date(2026, 4, 15)
    assert schedule[-1].due_date == datetime.date(2027, 1, 15)


def test_twelve_months_with_three_grace_months_runs_twelve_months():
    # The example: a 12-month loan with 3 grace months has 12
    # installments, the first 3 interest-only, the last 11 months after the first.
    schedule = build_schedule(
        principal=Decimal(9_000_000),
        annual_rate=Decimal(12),
        method=FLAT,
        tenor_months=12,
        grace_months=3,
        grace_kind=INTEREST_ONLY,
        first_due=FIRST_DUE,
    )

    assert len(schedule) == 12
    assert [row.principal for row in schedule[:3]] == [Decimal(0)] * 3
    assert {row.interest for row in schedule} == {Decimal(90_000)}
    assert {row.principal for row in schedule[3:]} == {Decimal(1_000_000)}
    assert schedule[-1].due_date == add_months(FIRST_DUE, 11)


def test_full_grace_is_inside_the_tenor_with_zero_installments():
    deferred = build_schedule(
        principal=Decimal(12_000_000),
        annual_rate=Decimal(12),
        method=FLAT,
        tenor_months=12,
        grace_months=3,
        grace_kind=FULL,
        first_due=FIRST_DUE,
    )

    assert len(deferred) == 12
    assert (
        rows_of(deferred)[:3]
        == [(Decimal(0), Decimal(0), Decimal(0), Decimal(12_000_000))] * 3
    )
    # 9 amortising months: 1,333,333 (the last 1,333,336) + 120,000 flat.
    assert rows_of(deferred)[3] == (
        Decimal(1_333_333),
        Decimal(120_000),
        Decimal(1_453_333),
        Decimal(10_666_667),
    )
    assert deferred[-1].principal == Decimal(1_333_336)
    assert deferred[3].due_date == datetime.date(2026, 5, 15)
    assert [row.number for row in deferred] == list(range(1, 13))


@pytest.mark.parametrize("grace", [12, 13])
def test_a_tenor_not_longer_than_the_grace_is_refused(grace):
    with pytest.raises(ValueError, match="tenor_months"):
        build_schedule(
            principal=Decimal(1_000_000),
            annual_rate=Decimal(6),
            method=FLAT,
            tenor_months=12,
            grace_months=grace,
            first_due=FIRST_DUE,
        )


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

    # Grace inside the tenor: 2 zero months, then 1,200,000 over 10 months.
    assert len(schedule) == 12
    assert [row.payment for row in schedule] == [Decimal(0)] * 2 + [
        Decimal(120_000)
    ] * 10
    assert schedule[2].due_date == datetime.date(2026, 4, 15)


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
        "tenor_months": st.integers(min_value=25, max_value=360),
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
def test_schedule_row_count_is_the_tenor_grace_included(terms):
    schedule = build_schedule(**terms)

    grace = terms["grace_months"]
    assert len(schedule) == terms["tenor_months"]
    assert all(row.principal == 0 for row in schedule[:grace])
    assert schedule[-1].due_date == add_months(
        terms["first_due"], terms["tenor_months"] - 1
    )
