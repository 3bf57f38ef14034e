"""Demo data for programs (SPEC 6.3, called by `manage.py seed_demo` after the
registry): programs of every kind around `today` — past ones held, evaluated and
certified, one running with a session tomorrow and a waitlist, programs open for
registration with seats left for each audience (officers, members, SME owners), a
draft — programs held in each of the four years before, and mentoring of inactive
cooperatives with visits.

Idempotent: every program has a natural key (its code) and is skipped when it
exists; mentor assignments are unique per mentor, cooperative, field and year.
Participants come from the registry already seeded (officers, members and SME
owners); completion and nominations to open programs go through the services, so
the demo follows the same rules as the portal and the API.
"""

import datetime
import random

from django.db import transaction

from accounts.models import User
from programs.models import (
    Enrolment,
    MentorAssignment,
    MentoringVisit,
    Program,
    Session,
)

from .mentoring import _seed_mentoring
from .training import PAST_PLANS, PLANS, _seed_program


@transaction.atomic
def seed(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    """Insert the demo programs and mentoring; returns the row counts after."""
    staff = User.objects.filter(username="staf.demo").first()
    for plan in [*PAST_PLANS, *PLANS]:
        program = _seed_program(rng, plan, today, staff)
        if program is not None and plan.kind == Program.Kind.MENTORING:
            _seed_mentoring(rng, program, today, staff)
    return {
        "program": Program.objects.count(),
        "sesi program": Session.objects.count(),
        "peserta program": Enrolment.objects.count(),
        "sertifikat": Enrolment.objects.exclude(certificate_code=None).count(),
        "penugasan pendamping": MentorAssignment.objects.count(),
        "kunjungan pendampingan": MentoringVisit.objects.count(),
    }
