"""Facts about training that other apps ask for through settings (so they need not
import programs): FINANCING_TRAINING_CHECK points at `officer_completed_training`."""

import datetime

from django.db.models import Q

from accounts.scope import Scope
from cooperatives.models import CooperativeRole

from .models import Enrolment

LEADING_ROLES = (
    CooperativeRole.Role.OFFICER,
    CooperativeRole.Role.SUPERVISOR,
    CooperativeRole.Role.MANAGER,
)


def officer_completed_training(
    *,
    cooperative_id: int | None,
    kind: str,
    today: datetime.date,
    scope: Scope | None = None,
) -> bool | None:
    """Whether someone now leading the cooperative (officer, supervisor or manager)
    completed a program of this kind (a program kind slug like `training`, or a
    topic like `bimtek_pembukuan_akuntansi`). None when there is no cooperative.

    `scope`: only nominations the caller's scope made (an officer's
    cooperatives, a district's), for an answer to a scoped caller that does not
    depend on what another scope recorded about a person (docs/security.md);
    province staff read the province's whole training history."""
    if cooperative_id is None:
        return None
    leaders = (
        CooperativeRole.objects.current(today)
        .filter(cooperative_id=cooperative_id, role__in=LEADING_ROLES)
        .values("person_id")
    )
    completed = Enrolment.objects.filter(
        Q(program__kind=kind) | Q(program__topic=kind),
        status=Enrolment.Status.COMPLETED,
        person_id__in=leaders,
    )
    if scope is not None:
        completed = completed.restrict(scope)
    return completed.exists()
