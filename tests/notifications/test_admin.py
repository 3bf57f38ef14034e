"""The once-only records in the admin: a read-only list (they are the reminders'
notifications)."""

import pytest
from django.urls import reverse

from notifications.services import reminder_send_once
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sent_reminders_are_listed_read_only(admin_client):
    user = UserFactory(username="bendahara")
    reminder_send_once(
        kind="rat_report_due",
        object_ref="cooperative:7",
        period="2025",
        user=user,
        title="Judul",
        body="Isi",
    )

    page = admin_client.get(reverse("admin:notifications_sentreminder_changelist"))
    add = admin_client.get(reverse("admin:notifications_sentreminder_add"))

    assert page.status_code == 200
    assert b"cooperative:7" in page.content
    assert add.status_code == 403
