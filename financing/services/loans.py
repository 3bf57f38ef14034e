"""Disbursement (an approved application becomes one loan with its schedule) and
repayments.

A repayment is allocated in schedule order, to the oldest unpaid installment
first, and within each installment to interest before principal. More than is
due so far is carried to the next installments (a prepayment in schedule order);
more than everything still owed is refused, stating the most that can be paid.
A repayment's external reference makes it idempotent: the same reference for
the same loan and amount returns the first record; for anything else it is
refused.

Disbursing and recording repayments are separate duties (financing/duties.py),
and whoever approved an application may not disburse it (four eyes) unless
FINANCING_ALLOW_SAME_APPROVER_DISBURSER is on; the loan then records it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.money import format_rupiah

from .. import duties
from ..conf import setting
from ..models import Application, Installment, Loan, Repayment, RepaymentAllocation
from ..schedule import add_months, build_schedule
from .guards import application_lock, expect_status, whole_rupiah
from .notices import applicant_notify

ZERO = Decimal(0)
# The history's reason when four eyes were relaxed for a disbursement.
APPROVER_DISBURSED = (
    "disburse by the approver (FINANCING_ALLOW_SAME_APPROVER_DISBURSER)"
)


def _check_date(field: str, day: datetime.date, *, not_before=None, label="") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Tanggal tidak boleh di masa depan.")})
    if not_before and day < not_before:
        raise ValidationError(
            {
                field: _("Tanggal tidak boleh sebelum %(label)s (%(date)s).")
                % {"label": label, "date": not_before.strftime("%d-%m-%Y")}
            }
        )


def _installments(loan: Loan, schedule) -> list[Installment]:
    rows = []
    for row in schedule:
        installment = Installment(
            loan=loan,
            number=row.number,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            balance=row.balance,
        )
        if not row.payment:  # nothing falls due (a tiny loan's rounding)
            installment.paid_on = loan.disbursed_on
        rows.append(installment)
    return rows


def _check_four_eyes(application: Application, by) -> bool:
    """Whether the approver is disbursing (allowed only by the setting)."""
    if application.decided_by_id is None or application.decided_by_id != by.pk:
        return False
    if not setting("FINANCING_ALLOW_SAME_APPROVER_DISBURSER"):
        raise PermissionDenied(
            _(
                "Anda menyetujui permohonan ini, jadi tidak dapat juga mencairkannya: "
                "pencairan dilakukan petugas lain."
            )
        )
    return True


def _keep_balance(loan: Loan, installments: list[Installment], paid_on) -> None:
    """Refresh the loan's kept columns from its installments."""
    unpaid = [row for row in installments if row.paid_on is None]
    loan.outstanding_principal = sum(
        (row.principal - row.principal_paid for row in installments), ZERO
    )
    loan.oldest_unpaid_due_on = min((row.due_date for row in unpaid), default=None)
    loan.closed_on = None if unpaid else paid_on


@transaction.atomic
def loan_disburse(
    *,
    application_id: int,
    by,
    disbursed_on: datetime.date | None = None,
    amount=None,
    reference: str = "",
) -> Loan:
    """APPROVED → DISBURSED: exactly one loan per application (the application row
    is locked, and the loan's one-to-one key would refuse a second one)."""
    duties.require(
        by, duties.DISBURSE, _("Anda tidak berwenang mencairkan pembiayaan.")
    )
    application = application_lock(application_id)
    if application.status == Application.Status.DISBURSED:
        raise ValidationError(_("Permohonan ini sudah dicairkan."), code="status")
    expect_status(
        application,
        (Application.Status.APPROVED,),
        _("Hanya permohonan yang disetujui dapat dicairkan."),
    )
    approver_disbursed = _check_four_eyes(application, by)
    disbursed_on = disbursed_on or timezone.localdate()
    _check_date("disbursed_on", disbursed_on)
    amount = (
        application.approved_amount
        if amount is None
        else whole_rupiah("amount", amount)
    )
    if amount > application.approved_amount:
        raise ValidationError(
            {
                "amount": _("Pencairan tidak boleh melebihi nominal disetujui %(max)s.")
                % {"max": format_rupiah(application.approved_amount)}
            }
        )
    scheme = application.scheme
    schedule = build_schedule(
        principal=amount,
        annual_rate=scheme.annual_rate,
        method=scheme.method,
        tenor_months=application.tenor_months,
        grace_months=scheme.grace_months,
        grace_kind=scheme.grace_kind,
        first_due=add_months(disbursed_on, 1),  # then monthly on that day
    )
    # The first installment with something to pay (a full grace's are zero).
    first_due = next((row for row in schedule if row.payment), schedule[0])
    loan = Loan(
        application=application,
        principal=amount,
        annual_rate=scheme.annual_rate,
        method=scheme.method,
        tenor_months=application.tenor_months,
        grace_months=scheme.grace_months,
        grace_kind=scheme.grace_kind,
        disbursed_on=disbursed_on,
        first_due_on=first_due.due_date,
        disbursement_reference=(reference or "").strip(),
        disbursed_by=by,
        approver_disbursed=approver_disbursed,
    )
    installments = _installments(loan, schedule)
    _keep_balance(loan, installments, disbursed_on)
    reason = APPROVER_DISBURSED if approver_disbursed else "disburse"
    loan.full_clean()
    loan._change_reason = reason
    loan.save()
    bulk_create_with_history(installments, Installment, default_user=by)
    application.status = Application.Status.DISBURSED
    application._change_reason = reason
    application.save()
    applicant_notify(
        application,
        kind="financing_disbursed",
        title=_("Pembiayaan %(number)s dicairkan") % {"number": application.number},
        body=_(
            "Pembiayaan %(amount)s dicairkan pada %(date)s. Angsuran pertama jatuh "
            "tempo %(due)s; lihat jadwalnya di Portal KUKM."
        )
        % {
            "amount": format_rupiah(amount),
            "date": disbursed_on.strftime("%d-%m-%Y"),
            "due": first_due.due_date.strftime("%d-%m-%Y"),
        },
    )
    return loan


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


def _allocate(installments, amount: Decimal, paid_on) -> list[RepaymentAllocation]:
    """Oldest installment first, interest before principal."""
    allocations, left = [], amount
    for installment in installments:
        if not left:
            break
        interest = min(left, installment.interest - installment.interest_paid)
        left -= interest
        principal = min(left, installment.principal - installment.principal_paid)
        left -= principal
        if not (interest or principal):
            continue
        installment.interest_paid += interest
        installment.principal_paid += principal
        if not installment.amount_left:
            installment.paid_on = paid_on
        installment.save(update_fields=["interest_paid", "principal_paid", "paid_on"])
        allocations.append(
            RepaymentAllocation(
                installment=installment, interest=interest, principal=principal
            )
        )
    return allocations


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
    duties.require(
        by,
        duties.RECORD_REPAYMENT,
        _("Anda tidak berwenang mencatat pembayaran angsuran."),
    )
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Isi referensi pembayaran.")})
    amount = whole_rupiah("amount", amount)
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    existing = _existing(reference, loan, amount)
    if existing is not None:
        return existing
    if loan.closed_on:
        raise ValidationError(_("Pinjaman ini sudah lunas."), code="closed")
    paid_on = paid_on or timezone.localdate()
    _check_date(
        "paid_on", paid_on, not_before=loan.disbursed_on, label=_("tanggal pencairan")
    )
    installments = list(loan.installments.order_by("number"))
    owed = sum((row.amount_left for row in installments), ZERO)
    if amount > owed:
        raise ValidationError(
            {
                "amount": _(
                    "Pembayaran melebihi seluruh sisa kewajiban; paling banyak %(owed)s."
                )
                % {"owed": format_rupiah(owed)}
            }
        )
    allocations = _allocate(
        [row for row in installments if row.paid_on is None], amount, paid_on
    )
    repayment = Repayment(
        loan=loan,
        reference=reference,
        amount=amount,
        paid_on=paid_on,
        interest_part=sum((a.interest for a in allocations), ZERO),
        principal_part=sum((a.principal for a in allocations), ZERO),
        note=note,
        recorded_by=by,
    )
    repayment.full_clean()
    try:
        with transaction.atomic():
            repayment.save()
    except IntegrityError:  # the same reference, committed a moment ago
        raise ValidationError(
            {"reference": _("Referensi ini sudah dipakai untuk pembayaran lain.")},
            code="unique",
        ) from None
    for allocation in allocations:
        allocation.repayment = repayment
    bulk_create_with_history(allocations, RepaymentAllocation, default_user=by)
    _keep_balance(loan, installments, paid_on)
    loan.full_clean()
    loan.save()
    repayment.was_recorded = True
    return repayment
