from .application import (
    Application,
    ApplicationDocument,
    ApplicationSequence,
    application_number,
)
from .loan import (
    DelinquencyBand,
    Installment,
    Loan,
    Repayment,
    RepaymentAllocation,
)
from .scheme import Scheme, SchemeBudget, SchemeDistrictQuota

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationSequence",
    "DelinquencyBand",
    "Installment",
    "Loan",
    "Repayment",
    "RepaymentAllocation",
    "Scheme",
    "SchemeBudget",
    "SchemeDistrictQuota",
    "application_number",
]
