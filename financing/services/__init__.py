"""Financing services: every write and state change of applications and loans.

Application workflow:

    DRAFT ──submit (eligibility)──▶ SUBMITTED ──assign reviewer──▶ UNDER_REVIEW
      │                                 │                             │
      │                                 │            approve (≤ amount, budget,
      │                                 │            quota) / reject (reason)
      │                                 │                             ▼
      │                                 │   (agency schemes only; a partner scheme's
      │                                 │    approve/disburse are refused, see below)
      └──────withdraw───────────────────┴──────withdraw──── APPROVED / REJECTED
                                                               │
                                                     disburse (one loan)
                                                               ▼
                                                           DISBURSED

Partner-decided schemes (KUR, bank products: Scheme.decided_by = partner) go
another way (services/partner.py): SUBMITTED / UNDER_REVIEW ──recommend (a
numbered rekomendasi letter)──▶ RECOMMENDED ──forward──▶ FORWARDED ──the
partner's decision recorded (approved amount, reference, date / refusal with
reason)──▶ APPROVED / REJECTED ──disbursement recorded from the partner's
notice (loan_record_partner_disbursement)──▶ DISBURSED.

A loan then takes repayments (oldest installment first: late fee, interest,
principal) until it is closed: by its last installment, by an early payoff
(interest to the payoff date), or by a write-off of a Macet loan; it may be
restructured on the way (new tenor, grace or rate from a date). Every transition locks the application row,
checks the status it expects, validates, and is recorded in the history.
"""

from .applications import (
    EligibilityError,
    application_create,
    application_document_add,
    application_document_remove,
    application_submit,
    application_update,
    application_withdraw,
)
from .decisions import (
    application_approve,
    application_assign_reviewer,
    application_reject,
    application_review_update,
)
from .loans import loan_disburse, loan_record_partner_disbursement
from .partner import (
    application_forward,
    application_partner_approve,
    application_partner_reject,
    application_recommend,
)
from .payoff import loan_pay_off, payoff_quote
from .repayments import repayment_record
from .restructuring import loan_restructure
from .schemes import reference_create, reference_delete, reference_update
from .snapshots import portfolio_snapshot_take
from .write_off import (
    loan_write_off_approve,
    loan_write_off_refuse,
    loan_write_off_request,
)

__all__ = [
    "EligibilityError",
    "application_approve",
    "application_assign_reviewer",
    "application_create",
    "application_document_add",
    "application_document_remove",
    "application_forward",
    "application_partner_approve",
    "application_partner_reject",
    "application_recommend",
    "application_reject",
    "application_review_update",
    "application_submit",
    "application_update",
    "application_withdraw",
    "loan_disburse",
    "loan_pay_off",
    "loan_record_partner_disbursement",
    "loan_restructure",
    "loan_write_off_approve",
    "loan_write_off_refuse",
    "loan_write_off_request",
    "payoff_quote",
    "portfolio_snapshot_take",
    "reference_create",
    "reference_delete",
    "reference_update",
    "repayment_record",
]
