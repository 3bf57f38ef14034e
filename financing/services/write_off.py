"""Write-off (hapus buku) of a Macet loan, in two steps by two people:

    (no request) ──request (reason, date)──▶ REQUESTED ──approve──▶ APPROVED
                                                     └──refuse (reason)──▶ REFUSED

Requesting is one duty (financing.request_write_off), approving or refusing
another (financing.write_off_loan); whoever requested may not decide their own
request. Only an open loan at kolektibilitas 5 (more than 180 days past due on
the write-off date) may be requested and approved; one request waits per loan.

On approval the loan closes on the write-off date (it leaves the open
portfolio and PAR) and keeps what was still owed: `outstanding_principal` is
unchanged, `written_off_on`, `written_off_by` (the approver) and the reason say
why it is closed, and it stays Macet. The request keeps, to the rupiah, what
was taken off the books on that date: the outstanding principal, the unpaid
interest of the installments due by then and the late fee brought up to then.
Recoveries after a write-off are not recorded here. Both steps are in the
request's and the loan's history.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_note

from .. import collectibility, duties, late_fees
from ..models import Loan, LoanWriteOff
from .guards import check_date

ZERO = Decimal(0)


def _reason(field: str, reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: message})
    return reason


def _check_macet(loan: Loan, on: datetime.date) -> None:
    if loan.written_off_on:
        raise ValidationError(_("Pinjaman ini sudah dihapusbukukan."), code="status")
    if loan.closed_on:
        raise ValidationError(_("Pinjaman ini sudah lunas."), code="closed")
    check_date(
        "written_off_on", on, not_before=loan.disbursed_on, label=_("tanggal pencairan")
    )
    if loan.collectibility_on(on) != collectibility.MACET:
        raise ValidationError(
            {
                "written_off_on": ValidationError(
                    _(
                        "Hanya pinjaman berkolektibilitas Macet (tunggakan lebih dari "
                        "180 hari) yang dapat dihapusbukukan; pada tanggal ini "
                        "tunggakannya %(days)s hari."
                    )
                    % {"days": loan.days_past_due_on(on)},
                    code="collectibility",
                )
            }
        )


@transaction.atomic
def loan_write_off_request(
    *, loan_id: int, by, reason: str, written_off_on: datetime.date | None = None
) -> LoanWriteOff:
    """Ask for a Macet loan to be written off on `written_off_on` (today)."""
    duties.require(
        by,
        duties.REQUEST_WRITE_OFF,
        _("Anda tidak berwenang mengusulkan hapus buku pinjaman."),
    )
    reason = _reason("reason", reason, _("Tuliskan alasan usulan hapus buku."))
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    written_off_on = written_off_on or timezone.localdate()
    _check_macet(loan, written_off_on)
    if loan.write_offs.filter(status=LoanWriteOff.Status.REQUESTED).exists():
        raise ValidationError(
            _("Pinjaman ini sudah memiliki usulan hapus buku yang menunggu keputusan."),
            code="pending",
        )
    request = LoanWriteOff(
        loan=loan, written_off_on=written_off_on, reason=reason, requested_by=by
    )
    request.full_clean()
    history_note(request, reason="write off request", by=by)
    request.save()
    return request


def _pending(loan_id: int, by, refusal: str) -> tuple[Loan, LoanWriteOff]:
    duties.require(by, duties.WRITE_OFF, refusal)
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    request = (
        loan.write_offs.select_for_update()
        .filter(status=LoanWriteOff.Status.REQUESTED)
        .first()
    )
    if request is None:
        raise ValidationError(
            _("Tidak ada usulan hapus buku yang menunggu keputusan."), code="status"
        )
    if request.requested_by_id == by.pk:
        raise PermissionDenied(
            _("Pengusul hapus buku tidak dapat memutuskan usulannya sendiri.")
        )
    return loan, request


def _decided(request: LoanWriteOff, by, status: str) -> None:
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()


@transaction.atomic
def loan_write_off_approve(*, loan_id: int, by) -> Loan:
    """Approve the loan's waiting request: the loan is written off on the
    requested date, if it is still Macet then."""
    loan, request = _pending(
        loan_id, by, _("Anda tidak berwenang menyetujui hapus buku pinjaman.")
    )
    on = request.written_off_on
    _check_macet(loan, on)
    unpaid = [row for row in loan.installments.order_by("number") if not row.paid_on]
    request.principal = sum(
        (row.principal - row.principal_paid for row in unpaid), ZERO
    )
    request.interest = sum(
        (row.interest - row.interest_paid for row in unpaid if row.due_date <= on),
        ZERO,
    )
    request.late_fee = late_fees.loan_late_fee(loan, unpaid, on)
    _decided(request, by, LoanWriteOff.Status.APPROVED)
    request.full_clean()
    history_note(request, reason="write off approve", by=by)
    request.save()
    loan.written_off_on = on
    loan.written_off_by = by
    loan.write_off_reason = request.reason
    loan.closed_on = on
    loan.full_clean()
    history_note(loan, reason="write off", by=by)
    loan.save()
    return loan


@transaction.atomic
def loan_write_off_refuse(*, loan_id: int, by, reason: str) -> LoanWriteOff:
    """Refuse the loan's waiting request, with the reason; the loan stays open."""
    reason = _reason(
        "refusal_reason", reason, _("Tuliskan alasan penolakan hapus buku.")
    )
    _loan, request = _pending(
        loan_id, by, _("Anda tidak berwenang menolak usulan hapus buku.")
    )
    _decided(request, by, LoanWriteOff.Status.REFUSED)
    request.refusal_reason = reason
    request.full_clean()
    history_note(request, reason="write off refuse", by=by)
    request.save()
    return request
