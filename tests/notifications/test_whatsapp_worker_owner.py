"""Done when, with both recipients the issue names: an installment due in 7 days
reaches the cooperative loan's officer and the enterprise loan's owner once on
WhatsApp and once by email each, even when the real worker is killed in the
middle of a WhatsApp send."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.utils import timezone

from financing.models import Installment
from financing.tasks import installment_remind_task
from kukm_portal.celery import app
from kukm_portal.settings.base import _channel_url
from notifications.models import Delivery, Notification
from tests.factories import CooperativeFactory, EnterpriseFactory, officer_of
from tests.financing.factories import LoanFactory
from tests.notifications.conftest import PHONE_ID, TOKEN, verified_phone
from tests.owner_accounts import owner_of
from tests.workers import WorkerProcess, wait_for


def _due_in_7_days(loan) -> Installment:
    return Installment.objects.create(
        loan=loan, number=3, due_date=timezone.localdate() + datetime.timedelta(days=7),
        principal=Decimal(1_200_000), interest=Decimal(50_000), balance=Decimal(0),
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_due_installment_reaches_officer_and_owner_once_each_despite_a_killed_worker(
    tmp_path, monkeypatch, settings, provider
):
    host = provider.base.removeprefix("http://")
    monkeypatch.setenv(
        "WHATSAPP_URL", f"whatsapp+http://{TOKEN}@{host}/v21.0/{PHONE_ID}"
    )
    settings.WHATSAPP = _channel_url("WHATSAPP_URL")  # the worker reads the same
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    verified_phone(officer, "+6281255550000")
    _due_in_7_days(LoanFactory(application__cooperative=cooperative))
    # An SME borrower of another cooperative: its owner, not the officers of
    # the first, hears of this one.
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise)
    verified_phone(owner, "+6281366660000")
    _due_in_7_days(
        LoanFactory(application__cooperative=None, application__enterprise=enterprise)
    )
    provider.hold = threading.Event()  # the first send stays in flight
    app.control.purge()
    worker = WorkerProcess(email_dir=tmp_path / "mail", visibility_timeout=20)
    worker.start()
    try:
        installment_remind_task.delay()

        # The provider has a message; the worker dies before it hears back.
        wait_for(lambda: len(provider.requests) == 1, seconds=180)
        worker.kill_pool_child()
        provider.hold.set()
        wait_for(
            lambda: (
                Delivery.objects.filter(status="uncertain").count() == 1
                and Delivery.objects.filter(status="sent").count() == 1
                and Notification.objects.exclude(emailed_at=None).count() == 2
            ),
            seconds=180,
        )
        worker.stop()  # warm: anything it still held would show below
    finally:
        worker.kill()

    assert sorted(request.body["to"] for request in provider.requests) == [
        "6281255550000",
        "6281366660000",
    ]
    emails = worker.emails()
    assert len(emails) == 2
    assert sum(f"To: {officer.email}" in email for email in emails) == 1
    assert sum(f"To: {owner.email}" in email for email in emails) == 1
    assert sorted(Notification.objects.values_list("user", flat=True)) == sorted(
        [officer.pk, owner.pk]
    )
    assert Delivery.objects.count() == 2
