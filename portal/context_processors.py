"""What every portal page's header needs: the unread notifications' count of a
signed-in person (officers, district users, UMKM owners; staff read theirs in
the admin), and whether they are a mentor. Each is looked up only when a
template shows it."""

from notifications.selectors import notification_unread_count
from programs.selectors import mentor_has_assignments


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    # A callable: the template calls it where it shows the count, so a page that
    # does not show the header (an API response, a PDF) runs no query for it.
    return {"unread_notifications": lambda: notification_unread_count(user=user)}


def mentoring_link(request) -> dict:
    """A mentor's way to their assignments (owners have the link anyway; the
    header asks only for other people)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    return {"is_mentor": lambda: mentor_has_assignments(user_id=user.pk)}
