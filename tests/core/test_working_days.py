"""Working days: Monday to Friday, counted after the start day up to the end."""

import datetime

import pytest

from core.working_days import working_days_between

FRIDAY = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (FRIDAY, 0),
        (FRIDAY - datetime.timedelta(days=3), 0),  # before the start
        (datetime.date(2026, 12, 5), 0),  # Saturday
        (datetime.date(2026, 12, 6), 0),  # Sunday
        (datetime.date(2026, 12, 7), 1),  # Monday
        (datetime.date(2026, 12, 11), 5),  # a week later
        (datetime.date(2026, 12, 18), 10),  # two weeks later
        (datetime.date(2026, 12, 21), 11),
    ],
)
def test_working_days_after_a_friday(end, expected):
    assert working_days_between(FRIDAY, end) == expected


def test_a_start_on_a_weekend_counts_from_monday():
    saturday = datetime.date(2026, 12, 5)
    assert working_days_between(saturday, datetime.date(2026, 12, 7)) == 1
    assert working_days_between(saturday, datetime.date(2026, 12, 12)) == 5
