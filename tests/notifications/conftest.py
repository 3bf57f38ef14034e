import pytest
from django.utils import timezone

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
