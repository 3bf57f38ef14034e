"""Repayments: a payment received for a loan, allocated in schedule order.

The oldest unpaid installment first, and within each installment to its late
fee (denda, financing/late_fees.py, brought up to the payment date), then
interest, then principal. More than is due so far is carried to the next
installments (a prepayment in schedule order); more than everything still owed
is refused, stating the most that can be paid. A repayment's external reference
makes it idempotent: the same reference for the same loan and amount returns
the first record; for anything else it is refused.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from core.history import history_note
from core.numbers import format_rupiah

from .. import duties, late_fees
from ..models import Loan, Repayment, RepaymentAllocation
from .guards import check_date, keep_balance, whole_rupiah

ZERO = Decimal(0)


def _existing(reference: str, loan: Loan, amount: Decimal) -> Repayment | None:
    existing = Repayment.objects.filter(reference=reference).first()
    if existing is None:
        return None
    if existing.loan_id != loan.pk or existing.amount != amount:
        raise ValidationError(
            {"reference": _("Referensi ini sudah dipakai untuk pembayaran lain.")},
            code="unique",
        )
    existing.was_recorded = False
    return existing


def _allocate(loan, installments, amount: Decimal, paid_on):
    """Oldest installment first: late fee, interest, principal."""
    allocations, left = [], amount
    for installment in installments:
        if not left:
            break
        fee = min(left, installment.late_fee - installment.late_fee_paid)
        left -= fee
        interest = min(left, installment.interest - installment.interest_paid)
        left -= interest
        principal = min(left, installment.principal - installment.principal_paid)
        left -= principal
        if not (fee or interest or principal):
            continue
        installment.late_fee_paid += fee
        installment.interest_paid += interest
        installment.principal_paid += principal
        if not installment.amount_left:
            installment.paid_on = paid_on
        allocations.append(
            RepaymentAllocation(
                installment=installment,
                late_fee=fee,
                interest=interest,
                principal=principal,
            )
        )
    return allocations


def loan_lock_for_payment(loan_id: int, paid_on: datetime.date):
    """The loan locked, its installments with the late fees brought up to
    `paid_on`, and the unpaid ones (oldest first)."""
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    installments = list(loan.installments.order_by("number"))
    unpaid = [row for row in installments if row.paid_on is None]
    for row in unpaid:
        late_fees.bring_up_to_date(loan, row, paid_on)
    return loan, installments, unpaid


def owed_total(unpaid) -> Decimal:
    return sum(
        (row.amount_left + row.late_fee - row.late_fee_paid for row in unpaid), ZERO
    )


def repayment_save(loan, installments, unpaid, *, amount, paid_on, by, **fields):
    """Allocate `amount` over the unpaid installments, save them, the
    repayment and its allocations, and refresh the loan."""
    allocations = _allocate(loan, unpaid, amount, paid_on)
    repayment = Repayment(
        loan=loan,
        amount=amount,
        paid_on=paid_on,
        late_fee_part=sum((a.late_fee for a in allocations), ZERO),
        interest_part=sum((a.interest for a in allocations), ZERO),
        principal_part=sum((a.principal for a in allocations), ZERO),
        recorded_by=by,
        **fields,
    )
    repayment.full_clean()
    try:
        with transaction.atomic():
            history_note(repayment, by=by)
            repayment.save()
    except IntegrityError:  # the same reference, committed a moment ago
        raise ValidationError(
            {"reference": _("Referensi ini sudah dipakai untuk pembayaran lain.")},
            code="unique",
        ) from None
    for row in unpaid:  # fees brought up to date, and what was paid
        history_note(row, by=by)
        row.save(
            update_fields=[
                "late_fee",
                "late_fee_accrued_to",
                "late_fee_paid",
                "interest",
                "interest_paid",
                "principal_paid",
                "paid_on",
            ]
        )
    for allocation in allocations:
        allocation.repayment = repayment
    bulk_create_with_history(allocations, RepaymentAllocation, default_user=by)
    keep_balance(loan, installments, paid_on)
    loan.full_clean()
    history_note(loan, by=by)
    loan.save()
    repayment.was_recorded = True
    return repayment


def check_payment(loan: Loan, paid_on: datetime.date) -> None:
    if loan.closed_on:
        raise ValidationError(_("Pinjaman ini sudah lunas."), code="closed")
    check_date(
        "paid_on", paid_on, not_before=loan.disbursed_on, label=_("tanggal pencairan")
    )


@dataclass
class Payment:
    """A payment about to be recorded: the loan locked, its installments (late
    fees brought up to the payment date) and the checked input; `existing` is
    the repayment already recorded under the same reference."""

    loan: Loan
    installments: list
    unpaid: list
    amount: Decimal
    reference: str
    paid_on: datetime.date
    existing: Repayment | None


REFUSALS = {
    duties.RECORD_REPAYMENT: gettext_lazy(
        "Anda tidak berwenang mencatat pembayaran angsuran."
    ),
    duties.PAY_OFF: gettext_lazy("Anda tidak berwenang mencatat pelunasan dipercepat."),
}


def payment_start(duty: str, loan_id: int, amount, reference, by, paid_on) -> Payment:
    """What every payment checks first: the duty, the reference, the amount in
    whole rupiah, the loan locked and still open, the date not before the
    disbursement; a reference recorded before is returned as `existing`."""
    duties.require(by, duty, str(REFUSALS[duty]))
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Isi referensi pembayaran.")})
    amount = whole_rupiah("amount", amount)
    paid_on = paid_on or timezone.localdate()
    loan, installments, unpaid = loan_lock_for_payment(loan_id, paid_on)
    existing = _existing(reference, loan, amount)
    if existing is None:
        check_payment(loan, paid_on)
    return Payment(loan, installments, unpaid, amount, reference, paid_on, existing)


@transaction.atomic
def repayment_record(
    *,
    loan_id: int,
    amount,
    reference: str,
    by,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> Repayment:
    """Record a payment and allocate it; `was_recorded` on the result says
    whether it is new (False: the reference had been recorded before)."""
    payment = payment_start(
        duties.RECORD_REPAYMENT, loan_id, amount, reference, by, paid_on
    )
    if payment.existing is not None:
        return payment.existing
    owed = owed_total(payment.unpaid)
    if payment.amount > owed:
        raise ValidationError(
            {
                "amount": _(
                    "Pembayaran melebihi seluruh sisa kewajiban; paling banyak %(owed)s."
                )
                % {"owed": format_rupiah(owed)}
            }
        )
    return repayment_save(
        payment.loan,
        payment.installments,
        payment.unpaid,
        amount=payment.amount,
        paid_on=payment.paid_on,
        by=by,
        reference=payment.reference,
        note=note,
    )
