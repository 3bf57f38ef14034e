"""Staff admin for programs, participants, attendance, certificates and mentoring.
Every state change goes through the services; changelists skip the full count."""

from .enrolments import EnrolmentAdmin
from .mentoring import MentorAssignmentAdmin
from .programs import ProgramAdmin, SessionAdmin

__all__ = ["EnrolmentAdmin", "MentorAssignmentAdmin", "ProgramAdmin", "SessionAdmin"]
