"""Reads of a user's notifications: each user sees only their own."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .channels import phone_channel
from .models import Channel, ChannelPreference, Delivery, Notification, PhoneNumber
from .topics import Topic


def notification_list(*, user):
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user)


def notification_unread_summary(*, user, latest: int = 5) -> tuple[list, int]:
    """The user's `latest` unread notifications and how many are unread."""
    unread = notification_list(user=user).unread()
    return list(unread[:latest]), unread.count()


def _first_month(months: int) -> datetime.date:
    today = timezone.localdate().replace(day=1)
    return (today - datetime.timedelta(days=31 * (months - 1))).replace(day=1)


def delivery_monthly_counts(*, months: int = 12) -> list[dict]:
    """Messages per channel per month (WITA), newest month first: the paid
    phone channels from their deliveries (sent counts every message the provider
    took: sent, delivered, read; uncertain ones are counted apart, they may have
    cost too), email from the notifications emailed; on every channel, the
    messages not sent because the user turned that channel off for their kind
    (`opted_out`). The admin's cost view."""

    status = Delivery.Status
    first = _first_month(months)
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
            opted_out=Count("pk", filter=Q(status=status.OPTED_OUT)),
        )
    )  # fmt: skip
    emails = (
        Notification.objects.filter(emailed_at__date__gte=first)
        .annotate(month=TruncMonth("emailed_at"))
        .values("month")
        .annotate(sent=Count("pk"))
    )
    counts: dict[tuple, dict] = {}
    for row in rows:
        month = row["month"].date()
        counts[month, row["channel"]] = {
            **row, "month": month, "label": Channel(row["channel"]).label
        }  # fmt: skip
    blank = dict.fromkeys(["delivered", "failed", "uncertain", "waiting"])
    for row in emails:  # email's deliveries are its opt-outs only
        month = row["month"].date()
        found = counts.setdefault(
            (month, Channel.EMAIL.value),
            {"month": month, "channel": Channel.EMAIL.value, "opted_out": 0},
        )
        found["sent"] = row["sent"]
    for (_month, channel), row in counts.items():
        if channel == Channel.EMAIL:
            row.update(blank, label=Channel.EMAIL.label, sent=row.get("sent", 0))
    order = [c.value for c in Channel]
    return sorted(
        counts.values(),
        key=lambda r: (-r["month"].toordinal(), order.index(r["channel"])),
    )


def preference_opt_outs_by_month(*, months: int = 12) -> list[dict]:
    """Choices turned off (still off), per month they were made and channel."""
    rows = (
        ChannelPreference.objects.filter(
            enabled=False, updated_at__date__gte=_first_month(months)
        )
        .annotate(month=TruncMonth("updated_at"))
        .values("month", "channel")
        .annotate(count=Count("pk"))
        .order_by("-month", "channel")
    )
    return [
        {**row, "month": row["month"].date(), "label": Channel(row["channel"]).label}
        for row in rows
    ]


def offered_channels(user) -> list[str]:
    """Email, and the phone channel when it is configured and the user's number
    verified."""
    channels = [Channel.EMAIL.value]
    phone = phone_channel()
    if (
        phone
        and PhoneNumber.objects.filter(user=user, verified_at__isnull=False).exists()
    ):
        channels.append(phone)
    return channels


def preferences_get(user) -> dict[tuple[str, str], bool]:
    """Every (topic, channel) offered to the user and whether it is on."""
    stored = {
        (p.topic, p.channel): p.enabled
        for p in ChannelPreference.objects.filter(user=user)
    }
    return {
        (topic, channel): stored.get((topic, channel), True)
        for topic in Topic.values
        for channel in offered_channels(user)
    }


def phone_number_get(*, user):
    """The user's phone number for WhatsApp/SMS, or None."""
    return PhoneNumber.objects.filter(user=user).first()


def phone_opt_outs_by_month(*, months: int = 12) -> list[dict]:
    """Users who turned WhatsApp/SMS off, per month of their opt-out (still off)."""

    first = _first_month(months)
    rows = (
        PhoneNumber.objects.filter(opted_out_at__date__gte=first)
        .annotate(month=TruncMonth("opted_out_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return [{"month": row["month"].date(), "count": row["count"]} for row in rows]
