"""Invitations by phone (WhatsApp when configured, else SMS) against the local
stand-in provider, bulk invitations queued with their progress page, and the
answer to a request for access reaching the phone."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import User
from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import AccessRequest, Invitation
from cooperatives.services.invitations_queue import invitation_send_queued
from notifications.models import PhoneNumber
from tests.factories import CooperativeFactory, DistrictUserFactory, district
from tests.notifications.conftest import provider, whatsapp  # noqa: F401 -- fixtures
from tests.notifications.provider import Answer

pytestmark = pytest.mark.django_db

PASSWORD = "Pelangi-Mahakam-2026"
LINK = re.compile(r"https?://\S+/portal/undangan/\S+/")


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Sejahtera", district=district("64.72"))


@pytest.fixture
def samarinda_client(client):
    client.force_login(DistrictUserFactory(district=district("64.72")))
    return client


@pytest.fixture
def sms(settings, provider):  # noqa: F811
    settings.WHATSAPP = None
    settings.SMS = {"backend": "http", "endpoint": f"{provider.base}/v1/messages",
                    "token": "sms-token"}  # fmt: skip
    return provider


@pytest.fixture
def no_phone_channel(settings):
    settings.WHATSAPP = None
    settings.SMS = None


def _whatsapp_texts(request) -> list[str]:
    return [p["text"] for p in request.body["template"]["components"][0]["parameters"]]


def _invite_by_phone(cooperative, capture, **kwargs):
    out = io.StringIO()
    with capture(execute=True):
        call_command(
            "invite_user", "--role=officer", f"--cooperative={cooperative.nik}",
            "--phone=0812 5555 0001", "--name=Rina", stdout=out, **kwargs,
        )  # fmt: skip
    return out.getvalue().strip().splitlines()[-1]


def test_invite_user_by_phone_goes_by_whatsapp_and_activation_verifies_it(
    client,
    cooperative,
    whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    link = _invite_by_phone(cooperative, django_capture_on_commit_callbacks)

    [request] = whatsapp.requests
    page = client.get(urlsplit(link).path).content.decode()
    landed = client.post(
        urlsplit(link).path,
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    client.logout()
    signed_in = client.post(
        "/portal/masuk/", {"username": "0812-5555-0001", "password": PASSWORD}
    )

    assert "+6281255550001" in page
    assert "masuk dengan nomor HP ini dan kata sandi Anda" in page
    assert request.body["to"] == "6281255550001"
    title, body, sent_link = _whatsapp_texts(request)
    assert title == "Undangan akun Portal KUKM Kalimantan Timur"
    assert "pengurus Koperasi Sejahtera" in body
    assert sent_link == link
    assert not mail.outbox
    invitation = Invitation.objects.get()
    assert (invitation.channel, invitation.phone, invitation.email) == (
        "whatsapp", "+6281255550001", "")  # fmt: skip
    assert landed.redirect_chain[-1][0] == f"/portal/koperasi/{cooperative.pk}/"
    user = User.objects.get(username="+6281255550001")
    phone = PhoneNumber.objects.get(user=user)
    assert phone.number == "+6281255550001"
    assert phone.verified_at is not None
    assert signed_in.status_code == 302


def test_sms_when_whatsapp_is_not_configured(
    cooperative, sms, django_capture_on_commit_callbacks
):
    link = _invite_by_phone(cooperative, django_capture_on_commit_callbacks)

    [request] = sms.requests
    assert request.path == "/v1/messages"
    assert request.body["to"] == "+6281255550001"
    assert link in request.body["text"]
    assert Invitation.objects.get().channel == "sms"


def test_no_phone_channel_means_email_only(
    cooperative, samarinda_client, no_phone_channel
):
    page = samarinda_client.get("/portal/staf/undangan/baru/").content.decode()
    refused = samarinda_client.post(
        "/portal/staf/undangan/baru/",
        {"cooperative_nik": cooperative.nik, "name": "Rina", "phone": "081255550001"},
    )
    with pytest.raises(ValidationError) as by_service:
        services.invitation_create(
            kind="officer", scope=Scope.province(), cooperative_id=cooperative.pk,
            phone="081255550001",
        )  # fmt: skip

    assert 'name="channel"' not in page
    assert "WhatsApp</label>" not in page
    assert refused.status_code == 200
    assert 'id="id_email_error"' in refused.content.decode()
    assert by_service.value.message_dict == {
        "email": ["Isi surel: pesan WhatsApp dan SMS belum tersedia."]
    }
    assert not Invitation.objects.exists()


def test_portal_invites_by_whatsapp_resends_and_revokes(
    cooperative, samarinda_client, whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # fmt: skip
    page = samarinda_client.get("/portal/staf/undangan/baru/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        samarinda_client.post(
            "/portal/staf/undangan/baru/",
            {"cooperative_nik": cooperative.nik, "name": "Rina",
             "phone": "081255550001", "channel": "phone"},
        )  # fmt: skip
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        resent = samarinda_client.post(
            f"/portal/staf/undangan/{invitation.pk}/kirim-ulang/", follow=True
        )
    first, second = (_whatsapp_texts(r)[2] for r in whatsapp.requests)
    old = samarinda_client.get(urlsplit(first).path)
    listing = samarinda_client.get("/portal/staf/undangan/").content.decode()
    revoked = samarinda_client.post(
        f"/portal/staf/undangan/{invitation.pk}/cabut/", follow=True
    )

    assert "WhatsApp" in page
    assert first != second
    assert old.status_code == 404
    assert "Undangan dikirim ulang ke +6281255550001" in resent.content.decode()
    assert "+6281255550001" in listing
    assert "(WhatsApp)" in listing
    assert "Undangan untuk +6281255550001 dicabut." in revoked.content.decode()
    assert samarinda_client.get(urlsplit(second).path).status_code == 410


def test_a_refused_message_marks_the_invitation_failed(
    cooperative, samarinda_client, whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # fmt: skip
    whatsapp.script.append(
        Answer(400, {"error": {"code": 131026, "message": "Message undeliverable"}})
    )
    with django_capture_on_commit_callbacks(execute=True):
        samarinda_client.post(
            "/portal/staf/undangan/baru/",
            {"cooperative_nik": cooperative.nik, "name": "Rina",
             "phone": "081255550001", "channel": "phone"},
        )  # fmt: skip

    invitation = Invitation.objects.get()
    listing = samarinda_client.get("/portal/staf/undangan/").content.decode()
    assert invitation.sending == "failed"
    assert "Message undeliverable" in invitation.sending_error
    assert "Gagal dikirim" in listing


# --- Bulk ----------------------------------------------------------------------------
def _upload(client, cooperative, **extra):
    content = (
        "nik_koperasi,nama,nik,surel,no_hp,peran\n"
        f"{cooperative.nik},Siti,,siti@example.id,081255550002,ketua\n"
        f"{cooperative.nik},Andi,,,081255550003,pengurus\n"
    ).encode()
    return client.post(
        "/portal/staf/undangan/impor/",
        {"file": SimpleUploadedFile("u.csv", content), **extra},
    )


def test_bulk_rows_without_email_go_to_the_phone_and_show_progress(
    cooperative,
    samarinda_client,
    client,
    whatsapp,  # noqa: F811
):
    form = samarinda_client.get("/portal/staf/undangan/impor/").content.decode()
    response = _upload(samarinda_client, cooperative)
    before = samarinda_client.get(response["Location"]).content.decode()
    for invitation in Invitation.objects.all():
        invitation_send_queued(invitation_id=invitation.pk)
    after = samarinda_client.get(response["Location"]).content.decode()
    client.force_login(DistrictUserFactory(district=district("64.71")))

    assert "Kirim ke nomor HP bila ada (lewat WhatsApp)" in form
    assert response.status_code == 302
    assert "Terkirim 0 dari 2" in before
    assert 'data-waiting="2"' in before
    assert "Terkirim 2 dari 2" in after
    assert "Pengiriman selesai." in after
    assert 'data-waiting="0"' in after
    channels = dict(Invitation.objects.values_list("name", "channel"))
    assert channels == {"Siti": "email", "Andi": "whatsapp"}
    [request] = whatsapp.requests
    assert request.body["to"] == "6281255550003"
    assert [m.to for m in mail.outbox] == [["siti@example.id"]]
    assert client.get(response["Location"]).status_code == 404


def test_bulk_prefer_phone_sends_every_row_with_a_number_there(
    cooperative,
    samarinda_client,
    whatsapp,  # noqa: F811
):
    _upload(samarinda_client, cooperative, prefer_phone="on")

    assert set(Invitation.objects.values_list("channel", flat=True)) == {"whatsapp"}


def test_bulk_row_without_email_is_an_error_when_no_phone_channel(
    cooperative, samarinda_client, no_phone_channel
):
    response = _upload(samarinda_client, cooperative)

    body = response.content.decode()
    assert "Ada masalah, tidak ada undangan yang dikirim" in body
    assert "Isi surel: pesan WhatsApp dan SMS belum tersedia." in body
    assert "lewat WhatsApp" not in body
    assert not Invitation.objects.exists()


# --- The answer to a request for access ----------------------------------------------
def _request(cooperative, phone="081255550009"):
    return services.access_request_create(
        cooperative_nik=cooperative.nik, nik="6472035506900002", name="Siti",
        email="siti@example.id", phone=phone,
    )  # fmt: skip


def test_refusal_reaches_the_phone_and_the_email(
    cooperative, samarinda_client, whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # fmt: skip
    request = _request(cooperative)
    with django_capture_on_commit_callbacks(execute=True):
        samarinda_client.post(
            f"/portal/staf/permintaan-akses/{request.pk}/",
            {"decision": "refuse", "reason": "Bukan pengurus koperasi ini."},
        )

    [message] = whatsapp.requests
    assert message.body["to"] == "6281255550009"
    assert "Alasan: Bukan pengurus koperasi ini." in _whatsapp_texts(message)[1]
    assert "Alasan: Bukan pengurus koperasi ini." in mail.outbox[-1].body
    assert AccessRequest.objects.get().status == "refused"


def test_approval_reaches_the_phone_and_the_link_the_email(
    cooperative, samarinda_client, whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # fmt: skip
    request = _request(cooperative)
    with django_capture_on_commit_callbacks(execute=True):
        samarinda_client.post(
            f"/portal/staf/permintaan-akses/{request.pk}/", {"decision": "approve"}
        )

    [message] = whatsapp.requests
    assert "disetujui" in _whatsapp_texts(message)[1]
    assert "siti@example.id" in _whatsapp_texts(message)[1]
    assert LINK.search(mail.outbox[-1].body)
    assert Invitation.objects.get().channel == "email"


def test_request_form_asks_for_a_phone_only_when_a_channel_is_configured(
    client,
    settings,
    whatsapp,  # noqa: F811
):
    offered = client.get("/portal/minta-akses/").content.decode()
    settings.WHATSAPP = None

    assert 'name="phone"' in offered
    assert 'name="phone"' not in client.get("/portal/minta-akses/").content.decode()
