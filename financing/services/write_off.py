"""Write-off (hapus buku) of a Macet loan: taken off the books with the
approval of someone holding its own duty (financing.write_off_loan).

Only an open loan at kolektibilitas 5 (more than 180 days past due on the
write-off date) may be written off. The loan closes on that date (it leaves the
open portfolio and PAR) and keeps what was still owed: `outstanding_principal`
is unchanged, `written_off_on`, `written_off_by` and the reason say why it is
closed, and it stays Macet. Recoveries after a write-off are not recorded here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import collectibility, duties
from ..models import Loan
from .guards import check_date


@transaction.atomic
def loan_write_off(
    *, loan_id: int, by, reason: str, written_off_on: datetime.date | None = None
) -> Loan:
    duties.require(
        by,
        duties.WRITE_OFF,
        _("Anda tidak berwenang menyetujui hapus buku pinjaman."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan hapus buku.")})
    loan = Loan.objects.select_for_update().get(pk=loan_id)
    if loan.written_off_on:
        raise ValidationError(_("Pinjaman ini sudah dihapusbukukan."), code="status")
    if loan.closed_on:
        raise ValidationError(_("Pinjaman ini sudah lunas."), code="closed")
    written_off_on = written_off_on or timezone.localdate()
    check_date(
        "written_off_on",
        written_off_on,
        not_before=loan.disbursed_on,
        label=_("tanggal pencairan"),
    )
    if loan.collectibility_on(written_off_on) != collectibility.MACET:
        raise ValidationError(
            _(
                "Hanya pinjaman berkolektibilitas Macet (tunggakan lebih dari 180 "
                "hari) yang dapat dihapusbukukan; pinjaman ini %(days)s hari."
            )
            % {"days": loan.days_past_due_on(written_off_on)},
            code="collectibility",
        )
    loan.written_off_on = written_off_on
    loan.written_off_by = by
    loan.write_off_reason = reason
    loan.closed_on = written_off_on
    loan.full_clean()
    loan._change_reason = "write off"
    loan.save()
    return loan
