"""Who hears about an enrolment: the participant (when they have an account) and
the person who nominated them. API service users are left out: nobody reads
their in-app messages."""

from django.urls import reverse

from accounts.models import User
from notifications.services import notification_create

from ..models import Enrolment, Program


def enrolment_recipient_ids(enrolment: Enrolment) -> list[int]:
    ids = {enrolment.person.user_id, enrolment.nominated_by_id} - {None}
    return list(
        User.objects.filter(pk__in=ids, is_active=True, api_token__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def program_link(program: Program) -> str:
    return reverse("programs:detail", kwargs={"code": program.code})


def enrolment_notify(
    enrolment: Enrolment, *, kind: str, title, body, link: str = ""
) -> int:
    """`title` and `body`: functions called in each recipient's language (or
    texts)."""
    recipients = User.objects.filter(pk__in=enrolment_recipient_ids(enrolment))
    for user in recipients:
        notification_create(
            user=user,
            kind=kind,
            title=title,
            body=body,
            link=link or program_link(enrolment.program),
        )
    return len(recipients)
