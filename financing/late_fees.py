"""Late fees (denda) on overdue installments, per the loan's terms (copied from
its scheme at disbursement):

- `late_fee_rate` percent of the installment's overdue amount (its unpaid
  principal and interest; no fee on a fee) for every day late (`daily`), or
  per month (`monthly`) counted by the day: rate x 12 / 365 a day (actual/365);
- from the day after the due date to the day of the payment or the quote;
- capped per installment at `late_fee_cap_percent` percent of the installment's
  scheduled payment (no cap when empty);
- whole rupiah, ROUND_HALF_UP, rounded each time the fee is brought up to date.

The fee is kept incrementally: `Installment.late_fee` is what has accrued up to
`late_fee_accrued_to`, brought up to date on the overdue amount of that moment
whenever a payment arrives (so a part payment lowers the fee from its day on,
not before). A payment goes to the fee first, then interest, then principal.
"""

import datetime
from decimal import Decimal

from .schedule import rupiah

ZERO = Decimal(0)
DAYS_IN_YEAR = Decimal(365)
ZERO_DATE = datetime.date.min


def daily_rate(loan) -> Decimal:
    """The fraction of the overdue amount charged per day late."""
    rate = Decimal(loan.late_fee_rate) / 100
    if loan.late_fee_period == "monthly":
        return rate * 12 / DAYS_IN_YEAR
    return rate


def cap(loan, installment) -> Decimal | None:
    if loan.late_fee_cap_percent is None:
        return None
    return rupiah(installment.payment * Decimal(loan.late_fee_cap_percent) / 100)


def accrued(loan, installment, on: datetime.date) -> Decimal:
    """The fee charged on the installment by `on` (paid or not)."""
    charged = installment.late_fee
    if not loan.late_fee_rate:
        return charged
    start = max(installment.due_date, installment.late_fee_accrued_to or ZERO_DATE)
    days = (on - start).days
    overdue = installment.principal + installment.interest - installment.amount_paid
    if days <= 0 or overdue <= 0:
        return charged
    total = rupiah(charged + overdue * daily_rate(loan) * days)
    limit = cap(loan, installment)
    return total if limit is None else max(min(total, limit), charged)


def owed(loan, installment, on: datetime.date) -> Decimal:
    """The fee still to pay on the installment on `on`."""
    return accrued(loan, installment, on) - installment.late_fee_paid


def bring_up_to_date(loan, installment, on: datetime.date) -> None:
    """Keep the fee accrued to `on` on the row (the caller saves it)."""
    if on > installment.due_date and on > (
        installment.late_fee_accrued_to or ZERO_DATE
    ):
        installment.late_fee = accrued(loan, installment, on)
        installment.late_fee_accrued_to = on


def loan_late_fee(loan, installments, on: datetime.date) -> Decimal:
    """The fee still owed on the loan's installments on `on`."""
    return sum((owed(loan, row, on) for row in installments), ZERO)
