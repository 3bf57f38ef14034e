from .annual_report import AnnualReport
from .cooperative import Cluster, Cooperative
from .enterprise import Enterprise
from .person import CooperativeRole, Person
from .reconciliation import PersonReconciliation
from .regions import District, SubDistrict

__all__ = [
    "AnnualReport",
    "Cluster",
    "Cooperative",
    "CooperativeRole",
    "District",
    "Enterprise",
    "Person",
    "PersonReconciliation",
    "SubDistrict",
]
