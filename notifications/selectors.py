"""Reads of a user's notifications: each user sees only their own."""

from .models import Notification


def notification_list(*, user):
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user)


def notification_unread_summary(*, user, latest: int = 5) -> tuple[list, int]:
    """The user's `latest` unread notifications and how many are unread."""
    unread = notification_list(user=user).unread()
    return list(unread[:latest]), unread.count()


def notification_unread_count(*, user) -> int:
    """How many of the user's notifications are unread (the header's badge)."""
    return notification_list(user=user).unread().count()
