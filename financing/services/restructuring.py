"""Restructuring a running loan: a new tenor, grace or rate from a date, with
its own duty (financing.restructure_loan) and a reason.

From `effective_on`:

- the installments due before it stay as they are, except that their unpaid
  principal moves into the new schedule (their unpaid interest and late fees
  stay owed where they are: arrears are not capitalised);
- the installments due on or after it are replaced by a new schedule of the
  whole outstanding principal at the new rate, `tenor_months` long with
  `grace_months` inside it (the loan's method and kind of grace), first due a
  month after `effective_on`, numbered on from the kept installments;
- an installment due on or after it that has been paid (in part) cannot be
  replaced: restructure from after it.

The whole schedule as it stood is archived on the LoanRestructuring row (and
in the installments' history), with the old and new terms and the reason.
"""

import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.history import history_note

from .. import duties
from ..models import Installment, Loan, LoanRestructuring
from ..models.scheme import MAX_GRACE_MONTHS, MAX_TENOR_MONTHS
from ..schedule import add_months, build_schedule, grace_problem
from .guards import keep_balance

ZERO = Decimal(0)
ARCHIVED = (
    "number",
    "due_date",
    "principal",
    "interest",
    "balance",
    "principal_paid",
    "interest_paid",
    "late_fee",
    "late_fee_paid",
    "paid_on",
)


def _archive(installments) -> list[dict]:
    """The rows as JSON: amounts as decimal strings, dates as YYYY-MM-DD."""
    rows = [{name: getattr(row, name) for name in ARCHIVED} for row in installments]
    return json.loads(json.dumps(rows, cls=DjangoJSONEncoder))


def _check_terms(tenor_months, grace_months, annual_rate) -> None:
    if not 1 <= tenor_months <= MAX_TENOR_MONTHS:
        raise ValidationError(
            {
                "tenor_months": _("Tenor antara 1 dan %(max)s bulan.")
                % {"max": MAX_TENOR_MONTHS}
            }
        )
    if not 0 <= grace_months <= MAX_GRACE_MONTHS:
        raise ValidationError(
            {
                "grace_months": _("Masa tenggang antara 0 dan %(max)s bulan.")
                % {"max": MAX_GRACE_MONTHS}
            }
        )
    problem = grace_problem(tenor_months, grace_months)
    if problem:
        raise ValidationError({"tenor_months": problem})
    if not ZERO <= annual_rate <= 100:
        raise ValidationError({"annual_rate": _("Suku bunga antara 0 dan 100%.")})


@transaction.atomic
def loan_restructure(
    *,
    loan_id: int,
    by,
    effective_on: datetime.date,
    reason: str,
    tenor_months: int,
    grace_months: int | None = None,
    annual_rate=None,
) -> LoanRestructuring:
    """The loan's schedule from `effective_on` rebuilt on the new terms (a term
    left out stays as it was)."""
    duties.require(
        by, duties.RESTRUCTURE, _("Anda tidak berwenang merestrukturisasi pinjaman.")
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan restrukturisasi.")})
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    if loan.closed_on:
        raise ValidationError(_("Pinjaman ini sudah ditutup."), code="closed")
    if effective_on <= loan.disbursed_on:
        raise ValidationError(
            {"effective_on": _("Tanggal berlaku harus sesudah tanggal pencairan.")}
        )
    grace_months = loan.grace_months if grace_months is None else int(grace_months)
    annual_rate = loan.annual_rate if annual_rate is None else Decimal(annual_rate)
    tenor_months = int(tenor_months)
    _check_terms(tenor_months, grace_months, annual_rate)
    installments = list(loan.installments.order_by("number"))
    kept = [row for row in installments if row.due_date < effective_on]
    replaced = [row for row in installments if row.due_date >= effective_on]
    if any(row.amount_paid or row.late_fee_paid for row in replaced):
        raise ValidationError(
            {
                "effective_on": _(
                    "Angsuran yang jatuh tempo sesudah tanggal ini sudah dibayar "
                    "sebagian; pilih tanggal sesudah angsuran itu."
                )
            }
        )
    record = LoanRestructuring(
        loan=loan,
        effective_on=effective_on,
        reason=reason,
        principal=loan.outstanding_principal,
        previous_annual_rate=loan.annual_rate,
        previous_tenor_months=loan.tenor_months,
        previous_grace_months=loan.grace_months,
        annual_rate=annual_rate,
        tenor_months=tenor_months,
        grace_months=grace_months,
        previous_schedule=_archive(installments),
        decided_by=by,
    )
    record.full_clean()
    history_note(record, by=by)
    record.save()
    for row in kept:  # their unpaid principal goes into the new schedule
        if row.principal != row.principal_paid:
            row.principal = row.principal_paid
            if not row.amount_left and row.late_fee == row.late_fee_paid:
                row.paid_on = effective_on
            history_note(row, by=by)
            row.save(update_fields=["principal", "paid_on"])
    for row in replaced:
        history_note(row, by=by)
        row.delete()
    schedule = build_schedule(
        principal=record.principal,
        annual_rate=annual_rate,
        method=loan.method,
        tenor_months=tenor_months,
        grace_months=grace_months,
        grace_kind=loan.grace_kind,
        first_due=add_months(effective_on, 1),
    )
    new_rows = [
        Installment(
            loan=loan,
            number=len(kept) + row.number,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            balance=row.balance,
            paid_on=None if row.payment else effective_on,
        )
        for row in schedule
    ]
    bulk_create_with_history(new_rows, Installment, default_user=by)
    loan.annual_rate = annual_rate
    loan.tenor_months = tenor_months
    loan.grace_months = grace_months
    keep_balance(loan, kept + new_rows, effective_on)
    loan.full_clean()
    history_note(loan, reason="restructure", by=by)
    loan.save()
    return record
