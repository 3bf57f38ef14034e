"""Done when: with WHATSAPP_URL at the stand-in provider, an installment due in
7 days reaches the officer once on WhatsApp and once by email, even when the
real worker is killed in the middle of the WhatsApp send; a delivery receipt
marks it delivered; the admin shows the month's counts."""

import datetime
import hashlib
import hmac
import json
import threading
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from financing.models import Installment
from financing.tasks import installment_remind_task
from kukm_portal.celery import app
from kukm_portal.settings.base import _channel_url
from notifications.models import Delivery, Notification
from tests.factories import CooperativeFactory, StaffFactory, officer_of
from tests.financing.factories import LoanFactory
from tests.notifications.conftest import PHONE_ID, TOKEN, verified_phone
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


@pytest.mark.django_db(transaction=True)
def test_due_installment_reaches_the_officer_once_on_whatsapp_despite_a_killed_worker(
    tmp_path, monkeypatch, settings, provider
):
    host = provider.base.removeprefix("http://")
    monkeypatch.setenv(
        "WHATSAPP_URL", f"whatsapp+http://{TOKEN}@{host}/v21.0/{PHONE_ID}"
    )
    settings.WHATSAPP = _channel_url("WHATSAPP_URL")  # the worker reads the same
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    verified_phone(officer, "+6281255550000")
    loan = LoanFactory(application__cooperative=cooperative)
    Installment.objects.create(
        loan=loan, number=3, due_date=timezone.localdate() + datetime.timedelta(days=7),
        principal=Decimal(1_200_000), interest=Decimal(50_000), balance=Decimal(0),
    )  # fmt: skip
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
        wait_for(
            lambda: (
                Delivery.objects.filter(status="uncertain").exists()
                and Notification.objects.exclude(emailed_at=None).exists()
            ),
            seconds=180,
        )
        worker.stop()  # warm: anything it still held would show below
    finally:
        worker.kill()

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
    [email] = worker.emails()
    assert f"To: {officer.email}" in email
    assert response.status_code == 200
    assert (delivery.status, delivery.provider_id) == ("delivered", "wamid.TEST1")
    assert Notification.objects.get().user == officer
    assert '<tr data-channel="whatsapp">' in costs
    assert '<td class="delivered">1</td>' in costs
