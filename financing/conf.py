"""The financing settings and their defaults. Read when used, never at import, so
tests and staff (through the environment) can change them.

| setting | default | meaning |
| --- | --- | --- |
| FINANCING_MAX_UPLOAD_BYTES | 5 MB | largest application document |
| FINANCING_COMMERCIAL_RATE | 24.00 | % p.a., annuity: the simulator's comparison |
| FINANCING_REVIEW_SLA_DAYS | 14 | days a submitted application may wait for review |
| FINANCING_ESCALATION_DAYS | 30 | days past due after which arrears go to the district |
| FINANCING_OVERDUE_REMINDER_DAYS | (1, 30, 60) | days past due of the overdue reminders |
| FINANCING_REMINDER_BATCH | 1000 | installment reminders (installment, recipient) per task; each task must finish well inside the broker visibility timeout |
| FINANCING_TRAINING_CHECK | services.eligibility.training_not_checkable | dotted path |
| FINANCING_ALLOW_SAME_APPROVER_DISBURSER | False | a one-person office: whoever approved may also disburse (the loan records it) |
"""

from decimal import Decimal

from django.conf import settings

DEFAULTS = {
    "FINANCING_MAX_UPLOAD_BYTES": 5 * 1024 * 1024,
    "FINANCING_COMMERCIAL_RATE": Decimal("24.00"),
    "FINANCING_REVIEW_SLA_DAYS": 14,
    "FINANCING_ESCALATION_DAYS": 30,
    "FINANCING_OVERDUE_REMINDER_DAYS": (1, 30, 60),
    "FINANCING_REMINDER_BATCH": 1000,
    "FINANCING_TRAINING_CHECK": "financing.services.eligibility.training_not_checkable",
    "FINANCING_ALLOW_SAME_APPROVER_DISBURSER": False,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
