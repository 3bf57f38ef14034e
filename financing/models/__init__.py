from .application import (
    Application,
    ApplicationDocument,
    ApplicationSequence,
    application_number,
)
from .loan import Installment, Loan
from .recommendation import (
    Recommendation,
    RecommendationSequence,
    recommendation_number,
)
from .repayment import DelinquencyBand, Repayment, RepaymentAllocation
from .restructuring import LoanRestructuring
from .scheme import DocumentKind, Scheme, SchemeBudget, SchemeDistrictQuota
from .snapshot import PortfolioSnapshot
from .write_off import LoanWriteOff

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationSequence",
    "DelinquencyBand",
    "DocumentKind",
    "Installment",
    "Loan",
    "LoanRestructuring",
    "LoanWriteOff",
    "PortfolioSnapshot",
    "Recommendation",
    "RecommendationSequence",
    "Repayment",
    "RepaymentAllocation",
    "Scheme",
    "SchemeBudget",
    "SchemeDistrictQuota",
    "application_number",
    "recommendation_number",
]
