from .choices import PROGRAM_TOPICS, MentoringField
from .enrolment import Attendance, Enrolment
from .mentoring import MentorAssignment, MentoringVisit
from .program import Program, Session

__all__ = [
    "PROGRAM_TOPICS",
    "Attendance",
    "Enrolment",
    "MentorAssignment",
    "MentoringField",
    "MentoringVisit",
    "Program",
    "Session",
]
