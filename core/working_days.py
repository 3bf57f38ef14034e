"""Working days for service levels measured in them: Monday to Friday. Indonesian
public holidays are not counted out (yet); weekends are."""

import datetime

WEEK = 7
WORKDAYS_PER_WEEK = 5


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days after `start` up to and including `end` (0 when `end` is
    not after `start`): a report submitted on a Friday has waited 1 working day
    on Monday."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, WEEK)
    count = weeks * WORKDAYS_PER_WEEK
    weekday = start.weekday()
    for step in range(1, rest + 1):
        if (weekday + step) % WEEK < WORKDAYS_PER_WEEK:
            count += 1
    return count
