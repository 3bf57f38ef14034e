"""Kolektibilitas (loan quality) 1-5 by days past due, as POJK 40/2019 bands it
for productive credit:

| grade | name | days past due |
| --- | --- | --- |
| 1 | Lancar | 0 |
| 2 | Dalam Perhatian Khusus | 1-90 |
| 3 | Kurang Lancar | 91-120 |
| 4 | Diragukan | 121-180 |
| 5 | Macet | more than 180 |

Days past due count from the oldest unpaid installment's due date (the loan's
kept `oldest_unpaid_due_on`). A written-off loan stays Macet. Only the days
decide here: the regulation's other pillars (business prospects, the debtor's
performance) are the lender's judgement and are not recorded.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

LANCAR, DPK, KURANG_LANCAR, DIRAGUKAN, MACET = 1, 2, 3, 4, 5
# (grade, label, first day, last day or None)
BANDS = [
    (LANCAR, _("Lancar"), 0, 0),
    (DPK, _("Dalam Perhatian Khusus"), 1, 90),
    (KURANG_LANCAR, _("Kurang Lancar"), 91, 120),
    (DIRAGUKAN, _("Diragukan"), 121, 180),
    (MACET, _("Macet"), 181, None),
]
LABELS = {grade: label for grade, label, _low, _high in BANDS}


def grade(days_past_due: int) -> int:
    for number, _label, low, high in BANDS:
        if days_past_due >= low and (high is None or days_past_due <= high):
            return number
    return LANCAR  # negative days: not yet due


def label(number: int) -> str:
    return str(LABELS[number])


def grade_expression(days_field: str = "days_past_due") -> Case:
    """The grade as SQL from an annotated days-past-due column; written-off
    loans are Macet."""
    return Case(
        When(written_off_on__isnull=False, then=Value(MACET)),
        *[
            When(
                Q(**{f"{days_field}__gte": low})
                & (Q() if high is None else Q(**{f"{days_field}__lte": high})),
                then=Value(number),
            )
            for number, _label, low, high in BANDS
        ],
        default=Value(LANCAR),
        output_field=IntegerField(),
    )
