"""Done when: a bulk upload's invitations are sent by a real Celery worker, each
exactly once even when its task is queued twice, by email or (no email) by
WhatsApp at the stand-in provider, a provider's 503 retried after its
Retry-After; the batch page counts them, "Terkirim n dari m"."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import Invitation
from cooperatives.services.invitations_queue import SEND_TASK
from kukm_portal.celery import app
from kukm_portal.settings.base import _channel_url
from tests.factories import CooperativeFactory, DistrictUserFactory, district
from tests.notifications.conftest import PHONE_ID, TOKEN, provider  # noqa: F401
from tests.notifications.provider import Answer
from tests.workers import WorkerProcess, wait_for

LINK = re.compile(r"https?://\S+/portal/undangan/\S+/")


@pytest.mark.django_db(transaction=True)
def test_bulk_invitations_go_out_once_each_from_a_real_worker(
    tmp_path,
    monkeypatch,
    settings,
    provider,  # noqa: F811
):
    host = provider.base.removeprefix("http://")
    monkeypatch.setenv(
        "WHATSAPP_URL", f"whatsapp+http://{TOKEN}@{host}/v21.0/{PHONE_ID}"
    )
    settings.WHATSAPP = _channel_url("WHATSAPP_URL")  # the worker reads the same
    provider.script.append(Answer(503, {}, {"Retry-After": "1"}))
    cooperative = CooperativeFactory(district=district("64.72"))
    rows = [f"{cooperative.nik},Siti{n},,siti{n}@example.id,,pengurus" for n in (1, 2)]
    rows.append(f"{cooperative.nik},Andi,,,081255550003,ketua")
    file = io.BytesIO(
        "\n".join(["nik_koperasi,nama,nik,surel,no_hp,peran", *rows]).encode()
    )
    app.control.purge()
    worker = WorkerProcess(email_dir=tmp_path / "mail")
    worker.start()
    try:
        result = services.invitations_import_csv(
            file=file, scope=Scope.province(), by=None
        )
        for pk in Invitation.objects.values_list("pk", flat=True):
            app.send_task(SEND_TASK, args=[pk])  # a second message for each
        wait_for(
            lambda: (
                not Invitation.objects.filter(sending="queued").exists()
                and len(worker.emails()) >= 2
            ),
            seconds=180,
        )
        wait_for(lambda: len(provider.requests) >= 2, seconds=60)
        worker.stop()  # warm: the duplicates are done or dropped by now
    finally:
        worker.kill()

    staff = Client()
    staff.force_login(DistrictUserFactory(district=district("64.72")))
    page = staff.get(f"/portal/staf/undangan/kiriman/{result.batch}/")

    assert result.invited == 3
    assert set(Invitation.objects.values_list("sending", flat=True)) == {"sent"}
    emails = worker.emails()
    assert len(emails) == 2
    assert sorted(re.search(r"^To: (\S+)$", m, re.M).group(1) for m in emails) == [
        "siti1@example.id",
        "siti2@example.id",
    ]
    for message in emails:
        assert LINK.search(message)
    # The 503, then the one message that went out.
    assert [r.body["to"] for r in provider.requests] == ["6281255550003"] * 2
    phone_link = provider.requests[-1].body["template"]["components"][0]["parameters"][
        2
    ]["text"]
    assert Client().get(urlsplit(phone_link).path).status_code == 200
    assert "Terkirim 3 dari 3" in page.content.decode()
