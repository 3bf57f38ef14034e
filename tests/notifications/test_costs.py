"""The admin's cost view: messages per channel per month, failures apart."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.deliveries import delivery_send
from notifications.models import Delivery, Notification
from notifications.selectors import delivery_monthly_counts
from notifications.services import notification_create
from tests.factories import UserFactory
from tests.notifications.conftest import verified_phone
from tests.notifications.provider import Answer

pytestmark = pytest.mark.django_db


def _send(provider, n: int, failing: int) -> None:
    provider.script += [Answer(200, {"messages": [{"id": f"w{i}"}]}) for i in range(n - failing)]  # fmt: skip
    provider.script += [Answer(400, {"error": {"code": 100}})] * failing
    for i in range(n):
        user = UserFactory(email=f"u{i}@example.id")
        verified_phone(user, f"+628120000{i:04d}")
        notification_create(user=user, kind="x", title="t", body="b")
    for delivery in Delivery.objects.order_by("pk"):
        delivery_send(delivery_id=delivery.pk, claim="t:0", retries=0, final=False)
    Notification.objects.update(emailed_at=timezone.now())


def test_monthly_counts_per_channel(whatsapp):
    _send(whatsapp, 3, failing=1)

    rows = delivery_monthly_counts()

    month = timezone.localdate().replace(day=1)
    by_channel = {row["channel"]: row for row in rows}
    assert {row["month"] for row in rows} == {month}
    assert by_channel["whatsapp"]["sent"] == 2
    assert by_channel["whatsapp"]["failed"] == 1
    assert by_channel["email"]["sent"] == 3
    assert "sms" not in by_channel


def test_the_admin_shows_the_months_counts(admin_client, whatsapp):
    _send(whatsapp, 2, failing=1)

    page = admin_client.get(reverse("admin:notifications_delivery_costs"))
    listing = admin_client.get(reverse("admin:notifications_delivery_changelist"))

    html = page.content.decode()
    assert page.status_code == 200
    assert timezone.localdate().strftime("%Y") in html
    assert '<tr data-channel="whatsapp">' in html
    assert '<td class="sent">1</td>' in html
    assert '<td class="failed">1</td>' in html
    assert listing.status_code == 200
    assert reverse("admin:notifications_delivery_costs") in listing.content.decode()


def test_the_cost_view_is_for_staff_only(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("admin:notifications_delivery_costs"))

    assert response.status_code == 302
