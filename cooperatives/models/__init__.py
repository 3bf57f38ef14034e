from .annual_report import AnnualReport
from .cooperative import Cluster, Cooperative
from .enterprise import Enterprise
from .import_job import ImportJob
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
    "ImportJob",
    "Person",
    "PersonReconciliation",
    "SubDistrict",
]
