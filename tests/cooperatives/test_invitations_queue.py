"""Queued (bulk) invitations sent by what the Celery task runs, against the
stand-in provider: once only, a refusal recorded and shown on the batch page, a
transient error left queued for the retry, the sweep of lost tasks, English
messages for an English invitation."""

import datetime
import io

import pytest
from django.utils import timezone

from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import Invitation
from cooperatives.services.invitations_queue import (
    invitation_queue_sweep,
    invitation_send_queued,
)
from tests.factories import CooperativeFactory, DistrictUserFactory, district
from tests.notifications.conftest import provider, whatsapp  # noqa: F401 -- fixtures
from tests.notifications.provider import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(whatsapp):  # noqa: F811
    cooperative = CooperativeFactory(district=district("64.72"))
    rows = [
        "nik_koperasi,nama,nik,surel,no_hp,peran",
        f"{cooperative.nik},Andi,,,081255550003,pengurus",
    ]
    result = services.invitations_import_csv(
        file=io.BytesIO("\n".join(rows).encode()), scope=Scope.province()
    )
    return result.batch


def _texts(request):
    return [p["text"] for p in request.body["template"]["components"][0]["parameters"]]


def test_sent_once_however_often_the_task_runs(batch, whatsapp):  # noqa: F811
    invitation = Invitation.objects.get(batch=batch)

    waits = [invitation_send_queued(invitation_id=invitation.pk) for _ in range(3)]

    invitation.refresh_from_db()
    assert waits == [None, None, None]
    assert invitation.sending == "sent"
    [request] = whatsapp.requests
    assert "/portal/undangan/" in _texts(request)[2]


def test_a_refusal_is_recorded_and_shown(batch, whatsapp, client):  # noqa: F811
    whatsapp.script.append(
        Answer(400, {"error": {"code": 131026, "message": "Message undeliverable"}})
    )
    invitation = Invitation.objects.get(batch=batch)

    invitation_send_queued(invitation_id=invitation.pk)
    invitation_send_queued(invitation_id=invitation.pk)
    client.force_login(DistrictUserFactory(district=district("64.72")))
    page = client.get(f"/portal/staf/undangan/kiriman/{batch}/").content.decode()

    invitation.refresh_from_db()
    assert invitation.sending == "failed"
    assert len(whatsapp.requests) == 1
    assert "Terkirim 0 dari 1" in page
    assert "1 gagal" in page
    assert "Message undeliverable" in page
    assert "+6281255550003" in page


def test_a_transient_error_waits_for_the_retry(batch, whatsapp):  # noqa: F811
    whatsapp.script.append(Answer(503, {}, {"Retry-After": "7"}))
    invitation = Invitation.objects.get(batch=batch)

    wait = invitation_send_queued(invitation_id=invitation.pk)
    queued = Invitation.objects.get().sending
    last = invitation_send_queued(invitation_id=invitation.pk, retries=1)

    assert (wait, queued, last) == (7.0, "queued", None)
    assert Invitation.objects.get().sending == "sent"
    assert len(whatsapp.requests) == 2


def test_the_last_retry_records_the_failure(batch, whatsapp):  # noqa: F811
    whatsapp.script.append(Answer(503, {}))
    invitation = Invitation.objects.get(batch=batch)

    invitation_send_queued(invitation_id=invitation.pk, retries=6, final=True)

    invitation.refresh_from_db()
    assert invitation.sending == "failed"
    assert "HTTP 503" in invitation.sending_error


def test_revoked_before_sending_is_not_sent(batch, whatsapp):  # noqa: F811
    invitation = Invitation.objects.get(batch=batch)
    services.invitation_revoke(invitation_id=invitation.pk, scope=Scope.province())

    invitation_send_queued(invitation_id=invitation.pk)

    assert Invitation.objects.get().sending == "failed"
    assert whatsapp.requests == []


def test_sweep_queues_again_only_the_old_queued(batch):
    fresh = invitation_queue_sweep()
    Invitation.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )

    assert fresh == 0
    assert invitation_queue_sweep() == 1


def test_an_english_invitation_goes_in_english(
    whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    cooperative = CooperativeFactory(name="Koperasi Sejahtera")

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            kind="officer", scope=Scope.province(), cooperative_id=cooperative.pk,
            phone="081255550004", language="en",
        )  # fmt: skip
    invitation = Invitation.objects.get()
    [request] = whatsapp.requests

    assert invitation.language == "en"
    assert request.body["template"]["language"] == {"code": "en"}
    title, body, _link = _texts(request)
    assert title == "Invitation to the KUKM Portal of East Kalimantan"
    assert body.startswith("You are invited as ")
    assert "Koperasi Sejahtera" in body
    assert "sign in with this mobile number" in body
