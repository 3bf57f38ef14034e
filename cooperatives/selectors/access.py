"""Who asks to come in and what waits for staff: invitations, access requests,
import jobs, identity reconciliations."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accounts.scope import Scope

from ..models import (
    AccessRequest,
    ImportJob,
    Invitation,
    PersonReconciliation,
)
from ..services.invitations import token_digest


# --- Invitations and requests for access ------------------------------------------
def invitation_list(*, scope: Scope, status: str = ""):
    """The invitations the caller manages, newest first; `status` one of
    Invitation.Status."""
    invitations = Invitation.objects.restrict(scope).select_related(
        "cooperative", "district", "invited_by"
    )
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    return invitations.filter(
        {
            Invitation.Status.PENDING: open_ & Q(expires_at__gt=now),
            Invitation.Status.EXPIRED: open_ & Q(expires_at__lte=now),
            Invitation.Status.ACCEPTED: Q(accepted_at__isnull=False),
            Invitation.Status.REVOKED: Q(revoked_at__isnull=False),
        }.get(status, Q())
    )


def invitation_get(*, scope: Scope, invitation_id: int) -> Invitation:
    """An invitation the caller manages (Invitation.DoesNotExist outside scope)."""
    return Invitation.objects.restrict(scope).get(pk=invitation_id)


@dataclass(frozen=True)
class BatchProgress:
    batch: object
    total: int
    sent: int
    failed: int
    failures: list

    @property
    def waiting(self) -> int:
        return self.total - self.sent - self.failed


def invitation_batch_progress(*, scope: Scope, batch) -> BatchProgress:
    """How far a bulk upload's sending is; Invitation.DoesNotExist when the
    caller manages none of it."""
    invitations = Invitation.objects.restrict(scope).filter(batch=batch)
    counts = invitations.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sending=Invitation.Sending.SENT)),
        failed=Count("pk", filter=Q(sending=Invitation.Sending.FAILED)),
    )
    if not counts["total"]:
        raise Invitation.DoesNotExist
    failures = list(
        invitations.filter(sending=Invitation.Sending.FAILED).order_by("pk")[:100]
    )
    return BatchProgress(batch=batch, failures=failures, **counts)


def invitation_for_token(token: str):
    """The invitation a link's token opens (whatever its state), or None."""
    digest = token_digest(token)
    if digest is None:
        return None
    return (
        Invitation.objects.select_related("cooperative", "district")
        .filter(token_hash=digest)
        .first()
    )


def access_request_list(*, scope: Scope, status: str = "open"):
    """Requests for access the caller decides: a district those naming its
    cooperatives, staff all (also those naming no known cooperative)."""
    requests = AccessRequest.objects.restrict(scope).select_related(
        "cooperative__district"
    )
    return requests.filter(status=status) if status else requests


def access_request_get(*, scope: Scope, request_id: int) -> AccessRequest:
    """A request for access the caller decides, whatever its status
    (AccessRequest.DoesNotExist outside scope)."""
    return access_request_list(scope=scope, status="").get(pk=request_id)


def access_request_open_count(*, scope: Scope) -> int:
    """How many requests for access wait for the caller's decision."""
    return access_request_list(scope=scope).count()


def import_job_list(*, scope: Scope):
    return ImportJob.objects.restrict(scope).select_related("district")


def reconciliation_queue(*, scope: Scope):
    """Open identity reconciliations, oldest first: agency staff only."""
    if not scope.everything:
        return PersonReconciliation.objects.none()
    return (
        PersonReconciliation.objects.filter(status=PersonReconciliation.Status.OPEN)
        .select_related("person", "district")
        .order_by("created_at", "pk")
    )
