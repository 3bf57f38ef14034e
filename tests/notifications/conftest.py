import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from financing.models import Installment
from kukm_portal.settings.base import _channel_url
from notifications.models import PhoneNumber
from tests.notifications.provider import StandInProvider

TOKEN = "EAAG-test-token"
PHONE_ID = "1098765432"


@pytest.fixture
def provider():
    with StandInProvider() as stand_in:
        yield stand_in


@pytest.fixture
def whatsapp(settings, provider):
    """WHATSAPP_URL at the stand-in (as parsed from the environment)."""
    settings.WHATSAPP = {
        "backend": "http",
        "endpoint": f"{provider.base}/v21.0/{PHONE_ID}",
        "token": TOKEN,
    }
    settings.SMS = None
    return provider


def verified_phone(user, number="+6281234567890") -> PhoneNumber:
    return PhoneNumber.objects.create(
        user=user, number=number, verified_at=timezone.now()
    )


@pytest.fixture
def whatsapp_url(monkeypatch, settings, provider):
    """WHATSAPP_URL in the environment at the stand-in (a worker process reads
    the same), and this process's settings parsed from it."""
    host = provider.base.removeprefix("http://")
    monkeypatch.setenv(
        "WHATSAPP_URL", f"whatsapp+http://{TOKEN}@{host}/v21.0/{PHONE_ID}"
    )
    settings.WHATSAPP = _channel_url("WHATSAPP_URL")
    return provider


def due_in_a_week(loan, number: int = 3) -> Installment:
    return Installment.objects.create(
        loan=loan, number=number,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        principal=Decimal(1_200_000), interest=Decimal(50_000), balance=Decimal(0),
    )  # fmt: skip
