"""A phone number is verified with a one-time code before anything goes to it;
an opt-out is honoured from the next message on."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Delivery, PhoneNumber
from notifications.phones import (
    phone_messages_set,
    phone_verification_confirm,
    phone_verification_start,
)
from notifications.services import notification_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _code(provider) -> str:
    return provider.requests[-1].body["template"]["components"][0]["parameters"][0][
        "text"
    ]


def test_a_number_is_verified_with_the_code_sent_to_it(whatsapp, settings):
    settings.WHATSAPP_CODE_TEMPLATE = "kukm_kode"
    user = UserFactory()

    phone = phone_verification_start(user=user, number="0812-3456-7890")
    notification_create(user=user, kind="x", title="t", body="b")  # not yet
    unverified_deliveries = Delivery.objects.count()
    phone_verification_confirm(user=user, code=_code(whatsapp))
    notification_create(user=user, kind="x", title="t", body="b")

    phone.refresh_from_db()
    request = whatsapp.requests[0]
    assert request.body["to"] == "6281234567890"
    assert request.body["template"]["name"] == "kukm_kode"
    assert phone.number == "+6281234567890"
    assert phone.verified_at is not None
    assert unverified_deliveries == 0
    assert Delivery.objects.count() == 1


def test_wrong_codes_count_and_run_out(whatsapp):
    user = UserFactory()
    phone_verification_start(user=user, number="081234567890")
    right = _code(whatsapp)
    wrong = "000000" if right != "000000" else "111111"

    errors = []
    for _ in range(6):
        with pytest.raises(ValidationError) as raised:
            phone_verification_confirm(user=user, code=wrong)
        errors.append(raised.value.message_dict["code"][0])
    with pytest.raises(ValidationError):
        phone_verification_confirm(user=user, code=right)

    assert errors[0] == "Kode salah. Periksa lalu coba lagi."
    assert errors[-1] == "Terlalu banyak percobaan. Minta kode baru."
    assert PhoneNumber.objects.get(user=user).verified_at is None


def test_an_expired_code_and_a_second_request_within_a_minute(whatsapp):
    user = UserFactory()
    phone_verification_start(user=user, number="081234567890")
    with pytest.raises(ValidationError) as too_soon:
        phone_verification_start(user=user, number="081234567890")
    PhoneNumber.objects.filter(user=user).update(
        code_sent_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )

    with pytest.raises(ValidationError) as expired:
        phone_verification_confirm(user=user, code=_code(whatsapp))

    assert "satu menit" in too_soon.value.message_dict["number"][0]
    assert "kedaluwarsa" in expired.value.message_dict["code"][0]


def test_a_new_number_must_be_verified_again(whatsapp):
    user = UserFactory()
    phone_verification_start(user=user, number="081234567890")
    phone_verification_confirm(user=user, code=_code(whatsapp))
    PhoneNumber.objects.filter(user=user).update(code_sent_at=None)

    phone = phone_verification_start(user=user, number="081299998888")

    assert (phone.number, phone.verified_at) == ("+6281299998888", None)


@pytest.mark.parametrize("number", ["12345", "+620812345678", "abc"])
def test_a_bad_number_is_refused_naming_the_field(whatsapp, number):
    with pytest.raises(ValidationError) as raised:
        phone_verification_start(user=UserFactory(), number=number)

    assert "number" in raised.value.message_dict
    assert whatsapp.requests == []


def test_no_channel_no_verification(settings):
    settings.WHATSAPP = settings.SMS = None

    with pytest.raises(ValidationError):
        phone_verification_start(user=UserFactory(), number="081234567890")


def test_opt_out_stops_the_next_message(whatsapp):
    user = UserFactory()
    phone_verification_start(user=user, number="081234567890")
    phone_verification_confirm(user=user, code=_code(whatsapp))

    phone_messages_set(user=user, receive=False)
    notification_create(user=user, kind="x", title="t", body="b")
    after_opt_out = Delivery.objects.count()
    phone_messages_set(user=user, receive=True)
    notification_create(user=user, kind="x", title="t", body="b")

    assert after_opt_out == 0
    assert Delivery.objects.count() == 1


def test_the_portal_page_walks_through_verification(client, whatsapp):
    user = UserFactory(role="officer")
    client.force_login(user)
    url = reverse("portal:phone")

    bad = client.post(url, {"action": "number", "number": "12"})
    sent = client.post(url, {"action": "number", "number": "081234567890"})
    wrong = client.post(url, {"action": "code", "code": "abcdef"})
    right = client.post(url, {"action": "code", "code": _code(whatsapp)})
    off = client.post(url, {"action": "receive"})
    page = client.get(url)

    assert bad.status_code == 200
    assert "Nomor HP (WhatsApp)" in bad.content.decode()
    assert re.search("Masukkan nomor telepon Indonesia", bad.content.decode())
    assert (sent.status_code, right.status_code, off.status_code) == (302, 302, 302)
    assert "Kode salah" in wrong.content.decode()
    phone = PhoneNumber.objects.get(user=user)
    assert phone.verified_at is not None
    assert phone.opted_out_at is not None
    assert "memilih tidak menerima pesan" in page.content.decode()
