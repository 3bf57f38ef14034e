"""Registry services: every write and state change of the registry.

`from cooperatives import services` gives them all; each lives in the module of its
subject (reports, report_attachments, report_prefill, registry, people,
members_import, identities, invitations, invitations_import, access_requests,
owner_signup).
"""

from .access_requests import (
    access_request_approve,
    access_request_create,
    access_request_refuse,
)
from .identities import (
    person_correct,
    person_delete,
    person_identify,
    person_register,
    reconciliation_resolve,
)
from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from .invitations_import import invitations_import_csv
from .kdmp import (
    kdmp_create,
    kdmp_delete,
    kdmp_unit_create,
    kdmp_unit_delete,
    kdmp_unit_update,
    kdmp_update,
)
from .members_import import members_import_csv
from .owner_signup import (
    enterprise_verify,
    owner_signup_confirm,
    owner_signup_start,
)
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
    VILLAGE_CHANGE_REASON,
    cooperative_create,
    cooperative_delete,
    cooperative_update,
    enterprise_address_update,
    enterprise_create,
    enterprise_delete,
    enterprise_update,
)
from .report_attachments import annual_report_attach
from .reports import (
    annual_report_correct,
    annual_report_create,
    annual_report_delete,
    annual_report_return,
    annual_report_start,
    annual_report_submit,
    annual_report_update,
    annual_report_verify,
    cooperative_refresh_rat_status,
)

__all__ = [
    "VILLAGE_CHANGE_REASON",
    "access_request_approve",
    "access_request_create",
    "access_request_refuse",
    "annual_report_attach",
    "annual_report_correct",
    "annual_report_create",
    "annual_report_delete",
    "annual_report_return",
    "annual_report_start",
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
    "enterprise_address_update",
    "enterprise_create",
    "enterprise_delete",
    "enterprise_update",
    "enterprise_verify",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "invitations_import_csv",
    "kdmp_create",
    "kdmp_delete",
    "kdmp_unit_create",
    "kdmp_unit_delete",
    "kdmp_unit_update",
    "kdmp_update",
    "may_export_nik",
    "members_import_csv",
    "nik_reencrypt",
    "owner_signup_confirm",
    "owner_signup_start",
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
