"""core.numbers: the one way numbers are written for people."""

from decimal import Decimal

import pytest

from core.numbers import (
    MINUS,
    format_number,
    format_percent,
    format_rupiah,
    parse_rupiah,
    rupiah_input,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1250000000.00"), "Rp1.250.000.000"),
        (Decimal("145700000"), "Rp145.700.000"),
        (Decimal("-15000000"), f"{MINUS}Rp15.000.000"),
        (Decimal("999.5"), "Rp1.000"),
        (Decimal("-0.4"), "Rp0"),
        (0, "Rp0"),
        (None, ""),
    ],
)
def test_format_rupiah_whole_rupiah_grouped_with_dots(value, shown):
    assert format_rupiah(value) == shown


def test_format_rupiah_keeps_sen_and_marks_a_change():
    assert format_rupiah(Decimal("1250000.5"), decimals=True) == "Rp1.250.000,50"
    assert format_rupiah(Decimal(500000), signed=True) == "+Rp500.000"
    assert format_rupiah(Decimal(-7893), signed=True) == f"{MINUS}Rp7.893"
    assert format_rupiah(0, signed=True) == "±Rp0"


def test_format_number_groups_signs_and_places():
    assert format_number(-7893) == f"{MINUS}7.893"
    assert format_number(7893, signed=True) == "+7.893"
    assert format_number(0, signed=True) == "±0"
    assert format_number(Decimal("6.00"), places=2) == "6,00"
    assert format_number(Decimal("1234.565"), places=2) == "1.234,57"
    assert format_number(2026) == "2.026"


def test_format_percent_with_a_decimal_comma():
    assert format_percent(Decimal("6.00"), places=2) == "6,00%"
    assert format_percent(Decimal("0.125"), ratio=True) == "12,5%"
    assert format_percent(Decimal("0.125"), places=0, ratio=True) == "13%"


@pytest.mark.parametrize(
    "amount", [Decimal(1250000000), Decimal(-15000000), Decimal("1250.5"), 0]
)
def test_a_money_box_reads_back_what_it_shows(amount):
    assert parse_rupiah(rupiah_input(amount)) == amount


def test_rupiah_input_has_no_zero_sen():
    assert rupiah_input(Decimal("1250000.00")) == "1.250.000"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("Rp 1.250.000", Decimal(1250000)),
        ("1250000", Decimal(1250000)),
        ("1250000.00", None),  # ambiguous: refused, never read as sen (issue 19)
        (f"{MINUS}15.000.000", Decimal(-15000000)),
        ("1.250.000,50", Decimal("1250000.50")),
        ("12,5 juta", None),
        ("", None),
    ],
)
def test_parse_rupiah(typed, amount):
    assert parse_rupiah(typed) == amount
