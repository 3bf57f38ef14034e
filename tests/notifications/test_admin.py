"""Notifications in the admin: sent through `notification_create` (the email
queued), then a record never edited or deleted; the once-only records a
read-only list (they are the reminders' notifications)."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_create, reminder_send_once
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


NOTIFICATIONS = "/admin/notifications/notification/"


def test_a_notification_added_in_the_admin_is_sent_like_any_other(
    admin_client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ketua@example.id")

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            f"{NOTIFICATIONS}add/",
            {"user": user.pk, "kind": "info", "title": "Rapat", "body": "Besok."},
        )

    assert response.status_code == 302
    notification = Notification.objects.get(user=user)
    assert (notification.title, notification.body) == ("Rapat", "Besok.")
    assert (notification.object_ref, notification.period) == ("", "")
    assert len(callbacks) == 1  # the email task, as notification_create queues it


def test_a_sent_notification_is_neither_edited_nor_deleted(admin_client):
    user = UserFactory()
    notification = notification_create(user=user, kind="info", title="A", body="B")
    url = f"{NOTIFICATIONS}{notification.pk}/"

    page = admin_client.get(f"{url}change/")
    edit = admin_client.post(f"{url}change/", {"title": "Diubah", "body": "B"})
    delete = admin_client.post(f"{url}delete/", {"post": "yes"})

    assert page.status_code == 200  # shown, read-only
    assert 'name="title"' not in page.content.decode()
    assert edit.status_code == 403
    assert delete.status_code == 403
    notification.refresh_from_db()
    assert notification.title == "A"
