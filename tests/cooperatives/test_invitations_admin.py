"""Staff manage invitations and requests for access in the admin, through the
services."""

import pytest
from django.core import mail

from accounts.models import User
from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import AccessRequest, Invitation
from tests.factories import CooperativeFactory
from tests.notifications.conftest import provider  # noqa: F401 -- a fixture

pytestmark = pytest.mark.django_db

ADMIN = "/admin/cooperatives/invitation/"


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Admin")


def test_admin_invites_a_district_user(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ADMIN + "add/",
            {"kind": "district", "email": "dinas@example.id", "district": "64.72"},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.district_id) == ("district", "64.72")
    assert mail.outbox[0].to == ["dinas@example.id"]


def test_admin_add_shows_the_services_refusal_next_to_the_field(staff_client):
    User.objects.create_user("ada", email="dinas@example.id")

    response = staff_client.post(
        ADMIN + "add/",
        {"kind": "district", "email": "dinas@example.id", "district": "64.72"},
    )

    assert response.status_code == 200
    assert "Surel ini sudah dipakai akun lain." in response.content.decode()
    assert not Invitation.objects.exists()


def test_admin_lists_filters_and_revokes(staff_client, cooperative):
    invitation = services.invitation_create(
        kind="officer",
        email="ketua@example.id",
        scope=Scope.province(),
        cooperative_id=cooperative.pk,
    )

    listing = staff_client.get(ADMIN, {"status": "pending"})
    staff_client.post(
        ADMIN,
        {"action": "revoke_selected", "_selected_action": [invitation.pk]},
    )

    assert "ketua@example.id" in listing.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    page = staff_client.get(f"{ADMIN}{invitation.pk}/change/")
    assert page.status_code == 200
    assert "Dicabut" in page.content.decode()


def test_admin_resends(staff_client, cooperative, django_capture_on_commit_callbacks):
    invitation = services.invitation_create(
        kind="officer",
        email="ketua@example.id",
        scope=Scope.province(),
        cooperative_id=cooperative.pk,
    )
    old_hash = invitation.token_hash

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            ADMIN, {"action": "resend_selected", "_selected_action": [invitation.pk]}
        )

    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    assert mail.outbox[-1].to == ["ketua@example.id"]


def test_admin_approves_access_requests(staff_client, cooperative):
    access = services.access_request_create(
        cooperative_nik=cooperative.nik,
        nik="6472035506900002",
        name="Siti",
        email="siti@example.id",
    )

    listing = staff_client.get("/admin/cooperatives/accessrequest/")
    staff_client.post(
        "/admin/cooperatives/accessrequest/",
        {"action": "approve_selected", "_selected_action": [access.pk]},
    )

    assert "6472035506900002" not in listing.content.decode()
    access.refresh_from_db()
    assert access.status == AccessRequest.Status.APPROVED
    assert access.invitation.email == "siti@example.id"


def test_admin_invites_by_whatsapp_when_there_is_no_email(
    staff_client,
    settings,
    provider,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    settings.WHATSAPP = {"backend": "http", "token": "t",
                         "endpoint": f"{provider.base}/v21.0/1"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ADMIN + "add/",
            {"kind": "district", "phone": "0812 5555 0007", "district": "64.72"},
        )
    listing = staff_client.get(ADMIN).content.decode()

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.channel, invitation.phone) == ("whatsapp", "+6281255550007")
    [request] = provider.requests
    assert request.body["to"] == "6281255550007"
    assert not mail.outbox
    assert "+6281255550007" in listing
