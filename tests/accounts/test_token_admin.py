"""API tokens in the admin: the expiry moves through `api_token_expiry_set` (a past
date or a revoked token refused, the change logged with its author), and no token
is deleted (revoking keeps the trail)."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ApiToken
from accounts.tokens import api_token_expiry_set, api_token_issue, api_token_revoke
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def change_url(token):
    return f"/admin/accounts/apitoken/{token.pk}/change/"


def post_expiry(client, token, moment):
    local = timezone.localtime(moment)
    return client.post(
        change_url(token),
        {
            "expires_at_0": local.strftime("%Y-%m-%d"),
            "expires_at_1": local.strftime("%H:%M:%S"),
        },
    )


@pytest.fixture
def token():
    return api_token_issue(name="dinas-bontang", district_code="64.74")[0]


def test_the_admin_moves_the_expiry_and_logs_who(client, token):
    staff = StaffFactory()
    client.force_login(staff)
    later = (timezone.now() + 400 * DAY).replace(microsecond=0)

    response = post_expiry(client, token, later)

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.expires_at == later
    entry = LogEntry.objects.get(object_id=str(token.pk), action_flag=CHANGE)
    assert entry.user == staff


def test_the_admin_refuses_a_past_expiry_as_the_service_does(client, token):
    client.force_login(StaffFactory())
    before = token.expires_at
    past = timezone.now() - DAY

    response = post_expiry(client, token, past)

    assert response.status_code == 200
    assert "harus di masa depan" in response.content.decode()
    token.refresh_from_db()
    assert token.expires_at == before
    assert not LogEntry.objects.filter(object_id=str(token.pk)).exists()
    with pytest.raises(ValidationError, match="harus di masa depan"):
        api_token_expiry_set(token_id=token.pk, expires_at=past, by=None)


def test_a_revoked_token_keeps_its_expiry(client, token):
    api_token_revoke(name=token.name, by=None)
    client.force_login(StaffFactory())
    before = ApiToken.objects.get(pk=token.pk).expires_at

    post_expiry(client, token, timezone.now() + 30 * DAY)

    assert ApiToken.objects.get(pk=token.pk).expires_at == before
    with pytest.raises(ValidationError, match="sudah dicabut"):
        api_token_expiry_set(
            token_id=token.pk, expires_at=timezone.now() + 30 * DAY, by=None
        )


def test_no_token_is_deleted_in_the_admin(client, token):
    client.force_login(StaffFactory())

    page = client.get(f"/admin/accounts/apitoken/{token.pk}/delete/")
    bulk = client.post(
        "/admin/accounts/apitoken/",
        {"action": "delete_selected", "_selected_action": [token.pk], "post": "yes"},
    )

    assert page.status_code == 403
    assert bulk.status_code in (200, 302)
    assert ApiToken.objects.filter(pk=token.pk).exists()
