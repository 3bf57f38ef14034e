"""The delivery task on a real Celery worker: a rate-limited answer is retried
after the provider's Retry-After, then sent once."""

import pytest

from kukm_portal.celery import app
from notifications.models import Delivery
from notifications.services import notification_create
from tests.factories import UserFactory
from tests.notifications.conftest import verified_phone
from tests.notifications.provider import Answer
from tests.workers import thread_worker, wait_for


@pytest.mark.django_db(transaction=True)
def test_a_rate_limited_send_is_retried_by_celery_then_sent_once(whatsapp):
    user = UserFactory()
    verified_phone(user)
    whatsapp.script.append(Answer(429, {}, {"Retry-After": "1"}))
    app.control.purge()

    with thread_worker():
        notification_create(user=user, kind="x", title="Judul", body="Isi")
        wait_for(lambda: Delivery.objects.filter(status="sent").exists(), seconds=60)

    delivery = Delivery.objects.get()
    assert len(whatsapp.requests) == 2
    assert delivery.attempts == 2
    assert delivery.provider_id == "wamid.TEST2"
