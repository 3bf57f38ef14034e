"""Facts about training that other apps ask for through settings (so they need not
import programs): FINANCING_TRAINING_CHECK points at `officer_completed_training`."""

import datetime

from django.db.models import Q

from cooperatives.models import CooperativeRole

from .models import Enrolment

LEADING_ROLES = (
    CooperativeRole.Role.OFFICER,
    CooperativeRole.Role.SUPERVISOR,
    CooperativeRole.Role.MANAGER,
)


def officer_completed_training(
    *, cooperative_id: int | None, kind: str, today: datetime.date
) -> bool | None:
    """Whether someone now leading the cooperative (officer, supervisor or manager)
    completed a program of this kind (a program kind slug like `training`, or a
    topic like `bimtek_pembukuan_akuntansi`). None when there is no cooperative."""
    if cooperative_id is None:
        return None
    leaders = (
        CooperativeRole.objects.current(today)
        .filter(cooperative_id=cooperative_id, role__in=LEADING_ROLES)
        .values("person_id")
    )
    return Enrolment.objects.filter(
        Q(program__kind=kind) | Q(program__topic=kind),
        status=Enrolment.Status.COMPLETED,
        person_id__in=leaders,
    ).exists()
