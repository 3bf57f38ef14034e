"""Disbursement: an approved application becomes one loan with its schedule and
the scheme's terms (rate, grace, late fee) copied onto it.

Disbursing and recording repayments are separate duties (financing/duties.py),
and whoever approved an application may not disburse it (four eyes) unless
FINANCING_ALLOW_SAME_APPROVER_DISBURSER is on; the loan then records it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.dates import date_in_words
from core.history import history_note
from core.numbers import format_rupiah

from .. import duties
from ..conf import setting
from ..models import Application, Installment, Loan
from ..schedule import add_months, build_schedule
from .eligibility import Applicant, offered_rate
from .guards import (
    application_lock,
    check_date,
    expect_status,
    keep_balance,
    refuse_partner_scheme,
    whole_rupiah,
)
from .notices import applicant_notify

ZERO = Decimal(0)
# The history's reason when four eyes were relaxed for a disbursement.
APPROVER_DISBURSED = (
    "disburse by the approver (FINANCING_ALLOW_SAME_APPROVER_DISBURSER)"
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


def _disbursable(application_id: int, by) -> Application:
    duties.require(
        by, duties.DISBURSE, _("Anda tidak berwenang mencairkan pembiayaan.")
    )
    application = application_lock(application_id)
    if application.status == Application.Status.DISBURSED:
        raise ValidationError(_("Permohonan ini sudah dicairkan."), code="status")
    return application


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
    is locked, and the loan's one-to-one key would refuse a second one). Agency
    schemes only: a partner's disbursement is recorded by
    loan_record_partner_disbursement."""
    application = _disbursable(application_id, by)
    refuse_partner_scheme(application, _("mencairkannya"))
    return _make_loan(application, by, disbursed_on, amount, reference)


@transaction.atomic
def loan_record_partner_disbursement(
    *,
    application_id: int,
    by,
    disbursed_on: datetime.date,
    amount=None,
    reference: str = "",
) -> Loan:
    """APPROVED → DISBURSED for a partner-decided scheme, from the partner's
    disbursement notice: the loan as the partner disbursed it, with the partner's
    reference (the decision's reference when the notice gives none)."""
    application = _disbursable(application_id, by)
    if not application.scheme.is_partner_decided:
        raise ValidationError(
            _(
                "Skema %(scheme)s dicairkan oleh dinas sendiri: gunakan pencairan "
                "dinas, bukan pencatatan pencairan penyalur."
            )
            % {"scheme": application.scheme.name},
            code="agency_scheme",
        )
    check_date(
        "disbursed_on",
        disbursed_on,
        not_before=application.partner_decided_on,
        label=_("tanggal keputusan penyalur"),
    )
    reference = (reference or "").strip() or application.partner_reference
    return _make_loan(application, by, disbursed_on, amount, reference)


def _make_loan(application, by, disbursed_on, amount, reference) -> Loan:
    expect_status(
        application,
        (Application.Status.APPROVED,),
        _("Hanya permohonan yang disetujui dapat dicairkan."),
    )
    approver_disbursed = _check_four_eyes(application, by)
    disbursed_on = disbursed_on or timezone.localdate()
    check_date("disbursed_on", disbursed_on)
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
    # A KUR's rate is its ladder's step for the applicant's access (6%, 7%, …).
    rate = offered_rate(scheme, Applicant.of(application))
    schedule = build_schedule(
        principal=amount,
        annual_rate=rate,
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
        annual_rate=rate,
        method=scheme.method,
        tenor_months=application.tenor_months,
        grace_months=scheme.grace_months,
        grace_kind=scheme.grace_kind,
        late_fee_rate=scheme.late_fee_rate,
        late_fee_period=scheme.late_fee_period,
        late_fee_cap_percent=scheme.late_fee_cap_percent,
        disbursed_on=disbursed_on,
        first_due_on=first_due.due_date,
        disbursement_reference=(reference or "").strip(),
        disbursed_by=by,
        approver_disbursed=approver_disbursed,
    )
    installments = _installments(loan, schedule)
    keep_balance(loan, installments, disbursed_on)
    reason = APPROVER_DISBURSED if approver_disbursed else "disburse"
    loan.full_clean()
    history_note(loan, reason=reason, by=by)
    loan.save()
    bulk_create_with_history(installments, Installment, default_user=by)
    application.status = Application.Status.DISBURSED
    history_note(application, reason=reason, by=by)
    application.save()
    applicant_notify(
        application,
        kind="financing_disbursed",
        title=lambda: (
            _("Pembiayaan %(number)s dicairkan") % {"number": application.number}
        ),
        body=lambda: (
            _(
                "Pembiayaan %(amount)s dicairkan pada %(date)s. Angsuran pertama jatuh "
                "tempo %(due)s; lihat jadwalnya di Portal KUKM."
            )
            % {
                "amount": format_rupiah(amount),
                "date": date_in_words(disbursed_on),
                "due": date_in_words(first_due.due_date),
            }
        ),
    )
    return loan
