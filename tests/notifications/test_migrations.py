"""Migration 0003 moves the once-only records onto their notifications and, going
back, makes them again from the notifications' keys."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("notifications", "0002_email_sweep_schedule")]
AFTER = [("notifications", "0003_reminder_key_on_notification")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_records_move_onto_the_notifications_and_back():
    try:
        apps = _migrate(BEFORE)
        user = apps.get_model("accounts", "User").objects.create(username="u")
        notification_model = apps.get_model("notifications", "Notification")
        record_model = apps.get_model("notifications", "SentReminder")
        keyed = notification_model.objects.create(
            user=user, kind="rat_report_due", title="T", body="B"
        )
        plain = notification_model.objects.create(
            user=user, kind="x", title="T", body="B"
        )
        record_model.objects.create(
            kind="rat_report_due",
            object_ref="cooperative:1",
            period="2025",
            user=user,
            notification=keyed,
        )
        # The record of a deleted notification: nothing left to carry its key.
        record_model.objects.create(
            kind="rat_report_due", object_ref="cooperative:2", period="2025", user=user
        )

        apps = _migrate(AFTER)
        notifications = apps.get_model("notifications", "Notification").objects
        assert sorted(
            notifications.values_list("pk", "object_ref", "period")
        ) == sorted([(keyed.pk, "cooperative:1", "2025"), (plain.pk, "", "")])
        records = apps.get_model("notifications", "SentReminder").objects
        assert list(records.values_list("notification_id", "object_ref")) == [
            (keyed.pk, "cooperative:1")
        ]

        apps = _migrate(BEFORE)
        records = apps.get_model("notifications", "SentReminder").objects
        assert list(
            records.values_list(
                "kind", "object_ref", "period", "user_id", "notification"
            )
        ) == [("rat_report_due", "cooperative:1", "2025", user.pk, keyed.pk)]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
