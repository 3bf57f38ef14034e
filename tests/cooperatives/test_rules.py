import datetime

import pytest

from cooperatives.rules import rat_deadline, rat_fiscal_year_due


def test_rat_deadline_is_thirty_june_of_the_next_year():
    fiscal_year = 2025

    deadline = rat_deadline(fiscal_year)

    assert deadline == datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (datetime.date(2026, 12, 4), 2025),
        (datetime.date(2026, 7, 1), 2025),  # the day after the deadline
        (datetime.date(2026, 6, 30), 2024),  # RATs of 2025 may still be held today
        (datetime.date(2026, 1, 1), 2024),
        (datetime.date(2026, 12, 31), 2025),
        (datetime.date(2027, 1, 1), 2025),
    ],
)
def test_rat_fiscal_year_due_around_the_deadline(today, due):
    year = rat_fiscal_year_due(today)

    assert year == due
