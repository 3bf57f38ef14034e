"""The installment schedule engine: one pure function from a loan's terms to its
installments, shared by the simulator, disbursement and the portal.

Methods (domain.md 4.4), with P the principal, r the annual rate, i = r/12 and n
the tenor in months:

- `flat`: every month P/n principal plus P·i interest;
- `annuity`: a level payment P·i / (1 - (1 + i)^-n); each month's interest is the
  balance·i and the rest of the payment is principal (rate 0: P/n);
- `declining` (*menurun*): P/n principal plus balance·i interest.

Rounding: every amount is whole rupiah, ROUND_HALF_UP. The last installment takes
whatever principal is left, so the principals add up exactly to the loan; no row
takes more principal than the balance (for a tiny loan, P/n rounded up could
otherwise overshoot), so the balance never goes below zero.

The tenor *includes* the grace months, as Apache Fineract and LPDB count it: a
12-month loan with 3 grace months has exactly 12 installments, the first 3 with
no principal, and the remaining `tenor_months - grace_months` months amortise
(n above). A tenor not longer than the grace is refused (`tenor_months`).

- `interest_only`: each grace installment is the interest on the whole
  principal (P·i), no principal;
- `full`: the grace installments are zero (nothing due, no interest accrues: the
  scheme carries it). Interest-only grace at a zero rate is the same thing.

Due dates: the k-th installment (grace months included) falls due k - 1 months after
`first_due`, on `first_due`'s day of the month, clamped to the month's end
(31 January → 28/29 February → 31 March).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext as _

FLAT = "flat"
ANNUITY = "annuity"
DECLINING = "declining"
METHODS = (FLAT, ANNUITY, DECLINING)
INTEREST_ONLY = "interest_only"
FULL = "full"
GRACE_KINDS = (INTEREST_ONLY, FULL)

RUPIAH = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: datetime.date
    principal: Decimal
    interest: Decimal
    payment: Decimal
    balance: Decimal  # principal still owed after this installment


def rupiah(amount: Decimal) -> Decimal:
    """Whole rupiah, half up."""
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """`start` moved by whole months, on its day of the month or the month's end."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


def monthly_rate(annual_rate: Decimal) -> Decimal:
    return Decimal(annual_rate) / 100 / 12


def level_payment(principal: Decimal, rate: Decimal, months: int) -> Decimal:
    """The annuity payment P·i / (1 - (1 + i)^-n), unrounded; P/n at rate 0."""
    if not rate:
        return principal / months
    with localcontext() as context:
        context.prec = 40
        return principal * rate / (1 - (1 + rate) ** -months)


def _check(principal, annual_rate, method, tenor_months, grace_months, grace_kind):
    if principal <= 0 or principal != rupiah(principal):
        raise ValueError("principal must be a positive whole number of rupiah")
    if annual_rate < 0:
        raise ValueError("annual_rate must not be negative")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    if tenor_months < 1 or grace_months < 0:
        raise ValueError("tenor_months must be at least 1, grace_months at least 0")
    if tenor_months <= grace_months:
        raise ValueError("tenor_months must be longer than grace_months")
    if grace_kind not in GRACE_KINDS:
        raise ValueError(f"unknown grace kind {grace_kind!r}")


def build_schedule(
    *,
    principal: Decimal,
    annual_rate: Decimal,
    method: str,
    tenor_months: int,
    first_due: datetime.date,
    grace_months: int = 0,
    grace_kind: str = INTEREST_ONLY,
) -> list[Installment]:
    principal, annual_rate = Decimal(principal), Decimal(annual_rate)
    _check(principal, annual_rate, method, tenor_months, grace_months, grace_kind)
    rate = monthly_rate(annual_rate)
    rows: list[Installment] = []

    def add(month: int, principal_part: Decimal, interest: Decimal, balance):
        rows.append(
            Installment(
                number=len(rows) + 1,
                due_date=add_months(first_due, month),
                principal=principal_part,
                interest=interest,
                payment=principal_part + interest,
                balance=balance,
            )
        )

    grace_interest = rupiah(principal * rate) if grace_kind == INTEREST_ONLY else ZERO
    for month in range(grace_months):
        add(month, ZERO, grace_interest, principal)

    months = tenor_months - grace_months  # the amortising months
    even_principal = rupiah(principal / months)
    flat_interest = rupiah(principal * rate)
    level = rupiah(level_payment(principal, rate, months))
    balance = principal
    for k in range(months):
        if method == FLAT:
            interest, part = flat_interest, even_principal
        elif method == DECLINING:
            interest = rupiah(balance * rate)
            part = even_principal
        else:
            interest = rupiah(balance * rate)
            part = level - interest
        part = balance if k == months - 1 else min(part, balance)
        balance -= part
        add(grace_months + k, part, interest, balance)
    return rows


def grace_problem(tenor_months: int, grace_months: int) -> str | None:
    """Why the tenor cannot hold the grace, or None (the message names both)."""
    if tenor_months > grace_months:
        return None
    return _(
        "Tenor harus lebih panjang dari masa tenggang %(grace)s bulan "
        "(masa tenggang termasuk dalam tenor)."
    ) % {"grace": grace_months}


def total_interest(installments: list[Installment]) -> Decimal:
    return sum((row.interest for row in installments), ZERO)


def total_payment(installments: list[Installment]) -> Decimal:
    return sum((row.payment for row in installments), ZERO)
