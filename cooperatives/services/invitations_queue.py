"""Bulk invitations go out in the background: each queued invitation is sent by
one Celery task run (`cooperatives.tasks.invitation_send_task`), exactly once.

The run locks the invitation's row, and only while it is still `queued` mints
its link, marks it `sent` and hands the message to the channel, all in that one
transaction: a second run (a duplicate message, the sweep) waits for the lock
and then finds it sent. A transient provider error rolls it back (still queued)
and is retried with backoff; a refusal marks it `failed` with the reason, for
staff to re-send. Only a worker dying between the provider's answer and the
commit can send it twice (the second message carries a new link, the first one's
then stops working)."""

import datetime
import logging

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.channels import PermanentError, TransientError, UncertainError
from notifications.deliveries import backoff

from ..models import Invitation
from .invitation_messages import invitation_deliver, invitation_failed
from .invitations import invitation_mint

logger = logging.getLogger(__name__)
SEND_TASK = "cooperatives.tasks.invitation_send_task"
SWEEP_MIN_AGE = datetime.timedelta(minutes=15)


def invitation_queue_publish(invitation_ids: list[int]) -> None:
    """Queue the sends after commit; a broker outage is logged (the sweep
    queues them again)."""

    def publish():
        try:
            for invitation_id in invitation_ids:
                current_app.send_task(SEND_TASK, args=[invitation_id])
        except Exception:  # kombu/redis connection errors
            logger.warning("invitations not queued (broker down)")

    transaction.on_commit(publish)


def invitation_send_queued(
    *, invitation_id: int, retries: int = 0, final: bool = False
) -> float | None:
    """Send a queued invitation; the seconds to wait before retrying, or None."""
    try:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("cooperative", "district")
                .filter(pk=invitation_id, sending=Invitation.Sending.QUEUED)
                .first()
            )
            if invitation is None:
                return None  # sent already, re-sent by staff, or gone
            if invitation.revoked_at:
                invitation_failed(invitation_id, _("Dicabut sebelum dikirim."))
                return None
            link = invitation_mint(invitation)
            invitation.sending = Invitation.Sending.SENT
            invitation.save()
            invitation_deliver(invitation, link)
    except (TransientError, OSError) as error:
        if final:
            invitation_failed(invitation_id, error)
            return None
        return backoff(retries, getattr(error, "retry_after", None))
    except UncertainError as error:
        # It may have reached the phone: a person re-sends it, not a retry.
        invitation_failed(invitation_id, _("Tidak pasti terkirim: %s") % error)
    except (PermanentError, LookupError) as error:
        invitation_failed(invitation_id, error)
    return None


def invitation_queue_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again the invitations queued too long (their task lost)."""
    now = now or timezone.now()
    ids = list(
        Invitation.objects.filter(
            sending=Invitation.Sending.QUEUED,
            revoked_at__isnull=True,
            created_at__lte=now - SWEEP_MIN_AGE,
        ).values_list("pk", flat=True)
    )
    if ids:
        invitation_queue_publish(ids)
    return len(ids)
