from .annual_report import AnnualReport, AnnualReportCorrection
from .cooperative import Cluster, Cooperative
from .deferred_history import DeferredHistory
from .deferred_index import DeferredIndex
from .enterprise import Enterprise
from .import_job import ImportJob
from .invitation import AccessRequest, Invitation
from .kdmp import Kdmp, KdmpStatus, KdmpUnit
from .owner_signup import OwnerSignup
from .person import CooperativeRole, Person
from .reconciliation import PersonReconciliation
from .regions import District, SubDistrict, Village

__all__ = [
    "AccessRequest",
    "AnnualReport",
    "AnnualReportCorrection",
    "Cluster",
    "Cooperative",
    "CooperativeRole",
    "DeferredHistory",
    "DeferredIndex",
    "District",
    "Enterprise",
    "ImportJob",
    "Invitation",
    "Kdmp",
    "KdmpStatus",
    "KdmpUnit",
    "OwnerSignup",
    "Person",
    "PersonReconciliation",
    "SubDistrict",
    "Village",
]
