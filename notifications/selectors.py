"""Reads of a user's notifications: each user sees only their own."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import Channel, Delivery, Notification, PhoneNumber


def notification_list(*, user):
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user)


def notification_unread_summary(*, user, latest: int = 5) -> tuple[list, int]:
    """The user's `latest` unread notifications and how many are unread."""
    unread = notification_list(user=user).unread()
    return list(unread[:latest]), unread.count()


def delivery_monthly_counts(*, months: int = 12) -> list[dict]:
    """Messages per channel per month (WITA), newest month first: the paid
    phone channels from their deliveries (sent counts every message the provider
    took: sent, delivered, read; uncertain ones are counted apart, they may have
    cost too), email from the notifications emailed. The admin's cost view."""

    status = Delivery.Status
    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)  # fmt: skip
    rows = (
        Delivery.objects.filter(created_at__date__gte=first)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "channel")
        .annotate(
            sent=Count("pk", filter=Q(status__in=[status.SENT, status.DELIVERED, status.READ])),
            delivered=Count("pk", filter=Q(status__in=[status.DELIVERED, status.READ])),
            failed=Count("pk", filter=Q(status=status.FAILED)),
            uncertain=Count("pk", filter=Q(status=status.UNCERTAIN)),
            waiting=Count("pk", filter=Q(status__in=[status.PENDING, status.SENDING, status.RETRY])),
        )
    )  # fmt: skip
    emails = (
        Notification.objects.filter(emailed_at__date__gte=first)
        .annotate(month=TruncMonth("emailed_at"))
        .values("month")
        .annotate(sent=Count("pk"))
    )
    counts = [
        {**row, "month": row["month"].date(), "label": Channel(row["channel"]).label}
        for row in rows
    ] + [
        {
            "month": row["month"].date(),
            "channel": Channel.EMAIL.value,
            "label": Channel.EMAIL.label,
            "sent": row["sent"],
            "delivered": None,
            "failed": None,
            "uncertain": None,
            "waiting": None,
        }
        for row in emails
    ]
    order = [c.value for c in Channel]
    return sorted(
        counts, key=lambda r: (-r["month"].toordinal(), order.index(r["channel"]))
    )


def phone_number_get(*, user):
    """The user's phone number for WhatsApp/SMS, or None."""
    return PhoneNumber.objects.filter(user=user).first()


def phone_opt_outs_by_month(*, months: int = 12) -> list[dict]:
    """Users who turned WhatsApp/SMS off, per month of their opt-out (still off)."""

    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)  # fmt: skip
    rows = (
        PhoneNumber.objects.filter(opted_out_at__date__gte=first)
        .annotate(month=TruncMonth("opted_out_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [{"month": row["month"].date(), "count": row["count"]} for row in rows]


def notification_unread_count(*, user) -> int:
    """How many of the user's notifications are unread (the header's badge)."""
    return notification_list(user=user).unread().count()
