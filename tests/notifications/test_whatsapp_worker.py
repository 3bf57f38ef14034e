"""Done when: with WHATSAPP_URL at the stand-in provider, an installment due in
7 days reaches the officer and the owner once on WhatsApp and once by email,
even when the real worker is killed in the middle of the WhatsApp send; a
delivery receipt marks it delivered; the admin shows the month's counts."""

import hashlib
import hmac
import json
import threading

import pytest
from django.test import Client
from django.urls import reverse

from financing.tasks import installment_remind_task
from kukm_portal.celery import app
from notifications.models import Delivery, Notification
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    StaffFactory,
    officer_of,
)
from tests.financing.factories import LoanFactory
from tests.notifications.conftest import TOKEN, due_in_a_week, verified_phone
from tests.owner_accounts import owner_of
from tests.workers import WorkerProcess, wait_for

APP_SECRET = "meta-app-secret"


def _receipt(delivery: Delivery) -> bytes:
    status = {
        "id": "wamid.TEST1",
        "status": "delivered",
        "biz_opaque_callback_data": delivery.reference,
        "recipient_id": delivery.address.lstrip("+"),
    }
    return json.dumps(
        {"entry": [{"changes": [{"value": {"statuses": [status]}}]}]}
    ).encode()


def _remind_killing_the_worker_mid_send(tmp_path, provider, settled) -> list[str]:
    """Run the day's installment reminders through a real worker whose pool
    child is killed while the first WhatsApp send is in flight; wait until
    `settled()`; return the emails it wrote."""
    provider.hold = threading.Event()  # the first send stays in flight
    app.control.purge()
    worker = WorkerProcess(email_dir=tmp_path / "mail", visibility_timeout=20)
    worker.start()
    try:
        installment_remind_task.delay()

        # The provider has the message; the worker dies before it hears back.
        wait_for(lambda: len(provider.requests) == 1, seconds=180)
        worker.kill_pool_child()
        provider.hold.set()
        wait_for(settled, seconds=180)
        worker.stop()  # warm: anything it still held would show below
    finally:
        worker.kill()
    return worker.emails()


def _count(status: str, number: int, emailed: int):
    return lambda: (
        Delivery.objects.filter(status=status).count() == number
        and Notification.objects.exclude(emailed_at=None).count() == emailed
    )


@pytest.mark.django_db(transaction=True)
def test_due_installment_reaches_the_officer_once_on_whatsapp_despite_a_killed_worker(
    tmp_path, settings, whatsapp_url
):
    provider = whatsapp_url
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    verified_phone(officer, "+6281255550000")
    due_in_a_week(LoanFactory(application__cooperative=cooperative))

    [email] = _remind_killing_the_worker_mid_send(
        tmp_path, provider, _count("uncertain", 1, emailed=1)
    )

    delivery = Delivery.objects.get()
    response = Client().post(
        reverse("notifications:whatsapp_webhook"), _receipt(delivery),
        content_type="application/json",
        headers={"X-Hub-Signature-256": "sha256=" + hmac.new(
            APP_SECRET.encode(), _receipt(delivery), hashlib.sha256).hexdigest()},
    )  # fmt: skip
    delivery.refresh_from_db()
    staff = Client()
    staff.force_login(StaffFactory(is_superuser=True))
    costs = staff.get(reverse("admin:notifications_delivery_costs")).content.decode()

    [request] = provider.requests
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.body["to"] == "6281255550000"
    assert request.body["template"]["components"][0]["parameters"][0][
        "text"
    ].startswith("Angsuran ke-3")
    assert f"To: {officer.email}" in email
    assert response.status_code == 200
    assert (delivery.status, delivery.provider_id) == ("delivered", "wamid.TEST1")
    assert Notification.objects.get().user == officer
    assert '<tr data-channel="whatsapp">' in costs
    assert '<td class="delivered">1</td>' in costs


@pytest.mark.django_db(transaction=True)
def test_due_installment_reaches_officer_and_owner_once_each_despite_a_killed_worker(
    tmp_path, whatsapp_url
):
    provider = whatsapp_url
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    verified_phone(officer, "+6281255550000")
    due_in_a_week(LoanFactory(application__cooperative=cooperative))
    # An SME borrower (of another cooperative): its owner hears of this one.
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise)
    verified_phone(owner, "+6281366660000")
    due_in_a_week(
        LoanFactory(application__cooperative=None, application__enterprise=enterprise)
    )

    emails = _remind_killing_the_worker_mid_send(
        tmp_path,
        provider,
        lambda: _count("uncertain", 1, emailed=2)() and _count("sent", 1, 2)(),
    )

    assert sorted(request.body["to"] for request in provider.requests) == [
        "6281255550000",
        "6281366660000",
    ]
    assert len(emails) == 2
    assert sum(f"To: {officer.email}" in email for email in emails) == 1
    assert sum(f"To: {owner.email}" in email for email in emails) == 1
    assert sorted(Notification.objects.values_list("user", flat=True)) == sorted(
        [officer.pk, owner.pk]
    )
    assert Delivery.objects.count() == 2
