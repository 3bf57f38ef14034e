"""Early payoff (pelunasan dipercepat): settle a loan charging interest to the
payoff date, not the rest of the schedule.

The amount to settle on day D is

    outstanding principal (all of it, overdue or not)
  + unpaid interest of the installments due on or before D (arrears)
  + late fees brought up to D (financing/late_fees.py)
  + interest accrued from the last due date before D (the disbursement date
    before the first) to D on the outstanding principal, at the loan's annual
    rate, actual/365: P x r x days / 365, whole rupiah ROUND_HALF_UP; never
    more than the next installment's scheduled interest still unpaid (a flat
    loan's period interest) and nothing in a period whose installment carries
    no interest (a full grace, a zero rate).

Settling records one repayment (`is_early_payoff`) of exactly that amount:
the next installment's interest becomes the accrued interest, the later
installments' unearned interest is dropped (their earlier values stay in the
history), and the loan closes. Settling early is a money decision of its own,
so it is its own duty (financing.pay_off_loan), not the repayment clerk's.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import format_rupiah

from .. import duties, late_fees
from ..models import Loan, Repayment
from ..schedule import rupiah
from .repayments import payment_start, repayment_save

ZERO = Decimal(0)
DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class PayoffQuote:
    on: datetime.date
    principal: Decimal  # outstanding principal
    arrears_interest: Decimal  # unpaid interest of installments due by `on`
    late_fee: Decimal
    accrued_interest: Decimal  # from `accrued_from` to `on`
    accrued_from: datetime.date
    days: int

    @property
    def total(self) -> Decimal:
        return (
            self.principal
            + self.arrears_interest
            + self.late_fee
            + (self.accrued_interest)
        )


def _quote(loan: Loan, installments, on: datetime.date) -> PayoffQuote:
    unpaid = [row for row in installments if row.paid_on is None]
    due = [row for row in unpaid if row.due_date <= on]
    ahead = [row for row in installments if row.due_date > on]
    past_dates = [row.due_date for row in installments if row.due_date <= on]
    accrued_from = max(past_dates, default=loan.disbursed_on)
    days = (on - accrued_from).days
    principal = sum((row.principal - row.principal_paid for row in unpaid), ZERO)
    accrued = ZERO
    if ahead and ahead[0].interest:
        following = ahead[0]
        accrued = rupiah(
            principal * Decimal(loan.annual_rate) / 100 * days / DAYS_IN_YEAR
        )
        accrued = max(min(accrued, following.interest) - following.interest_paid, ZERO)
    return PayoffQuote(
        on=on,
        principal=principal,
        arrears_interest=sum((row.interest - row.interest_paid for row in due), ZERO),
        late_fee=late_fees.loan_late_fee(loan, unpaid, on),
        accrued_interest=accrued,
        accrued_from=accrued_from,
        days=days,
    )


def payoff_quote(loan: Loan, on: datetime.date | None = None) -> PayoffQuote:
    """What settles the loan on `on` (default today); reads only (from the
    prefetched installments when there are)."""
    return _quote(loan, list(loan.installments.all()), on or timezone.localdate())


@transaction.atomic
def loan_pay_off(
    *,
    loan_id: int,
    amount,
    reference: str,
    by,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> Repayment:
    """Settle the loan early: `amount` must be the quote for `paid_on`."""
    payment = payment_start(duties.PAY_OFF, loan_id, amount, reference, by, paid_on)
    if payment.existing is not None:
        return payment.existing
    loan, installments, unpaid = payment.loan, payment.installments, payment.unpaid
    amount, paid_on = payment.amount, payment.paid_on
    quote = _quote(loan, installments, paid_on)
    if amount != quote.total:
        raise ValidationError(
            {
                "amount": _(
                    "Pelunasan pada %(date)s sebesar %(total)s (pokok %(principal)s, "
                    "tunggakan bunga %(arrears)s, denda %(fee)s, bunga berjalan "
                    "%(accrued)s)."
                )
                % {
                    "date": paid_on.strftime("%d-%m-%Y"),
                    "total": format_rupiah(quote.total),
                    "principal": format_rupiah(quote.principal),
                    "arrears": format_rupiah(quote.arrears_interest),
                    "fee": format_rupiah(quote.late_fee),
                    "accrued": format_rupiah(quote.accrued_interest),
                }
            },
            code="payoff_amount",
        )
    ahead = [row for row in unpaid if row.due_date > paid_on]
    for index, row in enumerate(ahead):  # interest only to the payoff date
        earned = quote.accrued_interest if index == 0 else ZERO
        row.interest = row.interest_paid + earned
    return repayment_save(
        loan,
        installments,
        unpaid,
        amount=amount,
        paid_on=paid_on,
        by=by,
        reference=payment.reference,
        note=note or _("Pelunasan dipercepat"),
        is_early_payoff=True,
    )
