"""What the portal itself reads, beyond each app's selectors: its header."""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from notifications.selectors import notification_list
from programs.models import MentorAssignment


class Header(NamedTuple):
    unread_notifications: int
    is_mentor: bool  # the registry names them as anyone's mentor


def portal_header_get(*, user) -> Header:
    """The header's unread notifications' count and whether the user is a
    mentor, in one query (two scalar subqueries on the user's row)."""
    unread = (
        notification_list(user=OuterRef("pk"))
        .unread()
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    mentors = MentorAssignment.objects.filter(mentor__user_id=OuterRef("pk"))
    found = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(
            Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
            Exists(mentors),
        )
        .first()
    )
    return Header(*found) if found else Header(0, False)
