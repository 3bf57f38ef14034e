"""Through a real Celery worker, with WHATSAPP_URL at the stand-in provider: an
officer who turns WhatsApp off for installment reminders on the portal gets no
further WhatsApp message (neither the one already queued, nor the next one), while
their emails still go."""

import pytest
from django.test import Client
from django.utils import timezone

from financing import reminders
from financing.tasks import installment_remind_task
from kukm_portal.celery import app
from notifications.models import Delivery, Notification
from notifications.topics import Topic
from tests.factories import CooperativeFactory, officer_of
from tests.financing.factories import LoanFactory
from tests.notifications.conftest import due_in_a_week, verified_phone
from tests.workers import WorkerProcess, wait_for


def _emailed(count):
    return lambda: Notification.objects.exclude(emailed_at=None).count() == count


@pytest.mark.django_db(transaction=True)
def test_whatsapp_opt_out_for_installments_stops_the_next_but_email_goes(
    tmp_path, whatsapp_url
):
    provider = whatsapp_url
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    verified_phone(officer, "+6281255550001")
    loan = LoanFactory(application__cooperative=cooperative)
    due_in_a_week(loan, 3)
    app.control.purge()
    worker = WorkerProcess(email_dir=tmp_path / "mail")
    worker.start()
    try:
        installment_remind_task.delay()
        wait_for(lambda: len(provider.requests) == 1 and _emailed(1)(), seconds=180)
        worker.stop()

        # Queued while the worker is away; then WhatsApp is turned off.
        today = timezone.localdate()
        due_in_a_week(loan, 4)
        for pairs in reminders.installment_reminder_batches(today=today):
            reminders.installment_reminders_send(pairs=pairs, today=today)
        queued = Delivery.objects.exclude(status="sent").get()
        assert queued.status == Delivery.Status.PENDING
        client = Client()
        client.force_login(officer)
        choices = {
            f"{t}__{c}": "on" for t in Topic.values for c in ("email", "whatsapp")
        }
        del choices["installments__whatsapp"]
        saved = client.post(
            "/portal/notifikasi/pilihan/", {**choices, "language": "id"}
        )

        worker = WorkerProcess(email_dir=tmp_path / "mail")
        worker.start()
        wait_for(_emailed(2), seconds=180)
        # The next reminder: made with WhatsApp already off.
        due_in_a_week(loan, 5)
        installment_remind_task.delay()
        wait_for(_emailed(3), seconds=180)
        worker.stop()
    finally:
        worker.kill()

    queued.refresh_from_db()
    assert saved.status_code == 302
    assert len(provider.requests) == 1  # only the reminder before the opt-out
    assert queued.status == Delivery.Status.OPTED_OUT
    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["opted_out", "opted_out", "sent"]
    assert len(worker.emails()) == 3
    assert all(f"To: {officer.email}" in email for email in worker.emails())
