"""Derived facts of the registry, as plain functions shared by models, selectors,
services, the API and reports (domain.md section 0)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from core.numbers import format_rupiah

MILIAR = Decimal(1_000_000_000)

# PP 7/2021 Pasal 35: upper bounds (inclusive) per scale.
REVENUE_BOUNDS = [
    ("micro", 2 * MILIAR),
    ("small", 15 * MILIAR),
    ("medium", 50 * MILIAR),
]
CAPITAL_BOUNDS = [
    ("micro", 1 * MILIAR),
    ("small", 5 * MILIAR),
    ("medium", 10 * MILIAR),
]

# A cooperative is active in year Y when it held a RAT in Y, Y-1 or Y-2.
ACTIVE_WINDOW_YEARS = 3

# The RAT of fiscal (calendar) year X is held within six months after the year
# closes, so by 30 June of X+1 (domain.md, "RAT deadline").
RAT_DEADLINE_MONTHS = 6


def sme_scale(
    *, annual_revenue: Decimal | None, business_capital: Decimal | None
) -> str:
    """Scale by annual sales when known, else by business capital (PP 7/2021)."""
    if annual_revenue is not None:
        amount, bounds = annual_revenue, REVENUE_BOUNDS
    else:
        amount, bounds = business_capital or Decimal(0), CAPITAL_BOUNDS
    for scale, upper in bounds:
        if amount <= upper:
            return scale
    return "large"


def rat_deadline(fiscal_year: int) -> datetime.date:
    """The last day on which the RAT of `fiscal_year` may be held: 30 June of the
    next year."""
    return datetime.date(
        fiscal_year + 1, RAT_DEADLINE_MONTHS + 1, 1
    ) - datetime.timedelta(days=1)


def rat_fiscal_year_due(today: datetime.date) -> int:
    """The last fiscal year whose RAT reports are due on `today`: the latest year
    whose deadline has passed. RAT-based figures (RAT held, members, capital,
    surplus) default to it, since a later year's reports may still be coming in:
    on 2026-06-30 that is 2024, from 2026-07-01 it is 2025."""
    year = today.year - 1
    return year if today > rat_deadline(year) else year - 1


def is_active_in(last_rat_year: int | None, year: int) -> bool:
    """Active in `year` when the last RAT was held in `year` or the two years before."""
    return (
        last_rat_year is not None and year - ACTIVE_WINDOW_YEARS < last_rat_year <= year
    )


def first_active_rat_year(year: int) -> int:
    """The earliest RAT year that still makes a cooperative active in `year`."""
    return year - ACTIVE_WINDOW_YEARS + 1


# KBLI 2020 divisions (first two digits) to their section letter (A-U).
KBLI_SECTION_RANGES = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]


def kbli_section(code: str) -> str:
    """`10794` → `C` (Industri Pengolahan); "" when the division is unknown."""
    try:
        division = int(code[:2])
    except (TypeError, ValueError):
        return ""
    for section, first, last in KBLI_SECTION_RANGES:
        if first <= division <= last:
            return section
    return ""


# The balance sheet: assets = own capital + external capital, within 1 %.
BALANCE_TOLERANCE = Decimal("0.01")


def balance_warning(
    *, assets: Decimal, own_capital: Decimal, external_capital: Decimal
) -> str:
    """A warning when the assets differ from own plus external capital by more
    than 1 % of the assets; "" when they agree or nothing is filled in."""
    liabilities = (own_capital or 0) + (external_capital or 0)
    assets = assets or 0
    if abs(assets - liabilities) <= abs(assets) * BALANCE_TOLERANCE:
        return ""
    return _(
        "Aset (%(assets)s) berbeda lebih dari 1%% dari modal sendiri ditambah modal "
        "luar (%(capital)s). Periksa kembali neraca; laporan tetap dapat dikirim."
    ) % {"assets": format_rupiah(assets), "capital": format_rupiah(liabilities)}
