"""`restrict(scope)` for every registry queryset: each model names its own path to
a district and a cooperative, and the scope object does the rest."""

from django.db import models
from django.db.models import F
from django.utils import timezone


def officer_cooperative_ids(user_id: int):
    """Cooperatives in which the user holds a current officer role, or which an
    accepted invitation gave the account, as a subquery."""
    from .cooperative import Cooperative
    from .invitation import Invitation
    from .person import CooperativeRole

    today = timezone.localdate()
    granted = (
        CooperativeRole.objects.current(today)
        .filter(person__user_id=user_id, role=CooperativeRole.Role.OFFICER)
        .order_by()
        .values("cooperative_id")
        .union(
            Invitation.objects.granting(user_id).order_by().values("cooperative_id"),
            all=True,
        )
    )
    # No ordering in either branch (the models' default ordering would sort each
    # per request for nothing). A union cannot be filtered further; the cooperatives it names can (callers
    # narrow it with `.filter(cooperative_id=…)`).
    return (
        Cooperative.objects.filter(pk__in=granted)
        .annotate(cooperative_id=F("pk"))
        .values("cooperative_id")
    )


class ScopedQuerySet(models.QuerySet):
    district_path: str = "district"
    # None: the model has no cooperative, so officers see none of it.
    cooperative_path: str | None = "cooperative"
    # None: the model has no path to an owner's account, so owners see none of it.
    owner_path: str | None = None

    def restrict(self, scope):
        if scope.everything:
            return self
        if scope.district_code:
            return self.filter(**{self.district_path: scope.district_code})
        if scope.officer_user_id and self.cooperative_path:
            return self.filter(
                **{
                    f"{self.cooperative_path}__in": officer_cooperative_ids(
                        scope.officer_user_id
                    )
                }
            )
        if scope.owner_user_id and self.owner_path:
            return self.filter(**{self.owner_path: scope.owner_user_id})
        return self.none()
