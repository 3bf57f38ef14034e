"""Registry services: every write and state change of the registry.

`from cooperatives import services` gives them all; each lives in the module of its
subject (reports, registry, people, members_import, identities).
"""

from .identities import (
    person_correct,
    person_delete,
    person_identify,
    person_register,
    reconciliation_resolve,
)
from .members_import import members_import_csv
from .people import (
    cooperative_role_add,
    cooperative_role_correct,
    cooperative_role_delete,
    cooperative_role_end,
    cooperative_role_record,
    cooperative_role_update,
)
from .personal_data import may_export_nik, nik_reencrypt, record_nik_export
from .regions import reference_create, reference_delete, reference_update
from .registry import (
    cooperative_create,
    cooperative_delete,
    cooperative_update,
    enterprise_create,
    enterprise_delete,
    enterprise_update,
)
from .reports import (
    annual_report_correct,
    annual_report_create,
    annual_report_delete,
    annual_report_return,
    annual_report_submit,
    annual_report_update,
    annual_report_verify,
    cooperative_refresh_rat_status,
)

__all__ = [
    "annual_report_correct",
    "annual_report_create",
    "annual_report_delete",
    "annual_report_return",
    "annual_report_submit",
    "annual_report_update",
    "annual_report_verify",
    "cooperative_create",
    "cooperative_delete",
    "cooperative_refresh_rat_status",
    "cooperative_role_add",
    "cooperative_role_correct",
    "cooperative_role_delete",
    "cooperative_role_end",
    "cooperative_role_record",
    "cooperative_role_update",
    "cooperative_update",
    "enterprise_create",
    "enterprise_delete",
    "enterprise_update",
    "may_export_nik",
    "members_import_csv",
    "nik_reencrypt",
    "person_correct",
    "person_delete",
    "person_identify",
    "person_register",
    "reconciliation_resolve",
    "record_nik_export",
    "reference_create",
    "reference_delete",
    "reference_update",
]
