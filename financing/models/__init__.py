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
from .snapshot import PortfolioSnapshot

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationSequence",
    "DelinquencyBand",
    "Installment",
    "Loan",
    "PortfolioSnapshot",
    "Repayment",
    "RepaymentAllocation",
    "Scheme",
    "SchemeBudget",
    "SchemeDistrictQuota",
    "application_number",
]
