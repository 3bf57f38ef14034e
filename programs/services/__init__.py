"""Program services: every write and state change of programs, enrolments,
attendance, certificates and mentoring. Views, the API, the admin, tasks and the
demo data all call these.

Program:

    DRAFT ──publish──▶ PUBLISHED ──start──▶ ONGOING ──complete──▶ COMPLETED
      └──────────────────┴──────cancel────────┴──▶ CANCELLED

Enrolment (the Program row is locked for every change, so the quota holds under
concurrent nominations):

    nominate ──▶ CONFIRMED (a seat is free) ──complete──▶ COMPLETED (certificate)
           │                               └──────────▶ NO_SHOW (attendance short)
           └──▶ WAITLISTED ──a seat frees up──▶ CONFIRMED (first come, told)
    CONFIRMED / WAITLISTED ──cancel──▶ CANCELLED
"""

from .completion import (
    attendance_record,
    certificates_issue,
    enrolment_certificate_issue,
    enrolment_evaluate,
    program_complete,
)
from .enrolments import (
    enrolment_cancel,
    enrolment_delete,
    enrolment_nominate,
    enrolment_nominate_by_nik,
)
from .mentoring import (
    mentor_assign,
    mentor_assignment_delete,
    mentor_assignment_update,
    mentoring_visit_delete,
    mentoring_visit_log,
    mentoring_visit_update,
)
from .participants import (
    cooperative_members_import,
    cooperative_person_add,
    cooperative_person_update,
    participant_records_follow,
)
from .programs import (
    program_cancel,
    program_create,
    program_delete,
    program_publish,
    program_start,
    program_update,
)
from .sessions import session_add, session_delete, session_update

__all__ = [
    "attendance_record",
    "certificates_issue",
    "cooperative_members_import",
    "cooperative_person_add",
    "cooperative_person_update",
    "enrolment_cancel",
    "enrolment_certificate_issue",
    "enrolment_delete",
    "enrolment_evaluate",
    "enrolment_nominate",
    "enrolment_nominate_by_nik",
    "mentor_assign",
    "mentor_assignment_delete",
    "mentor_assignment_update",
    "mentoring_visit_delete",
    "mentoring_visit_log",
    "mentoring_visit_update",
    "participant_records_follow",
    "program_cancel",
    "program_complete",
    "program_create",
    "program_delete",
    "program_publish",
    "program_start",
    "program_update",
    "session_add",
    "session_delete",
    "session_update",
]
