"""The API framework: tokens, scope, idempotency, throttling, errors."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import api_token_revoke, hash_key
from cooperatives.models import Cooperative
from tests.factories import AgencyStaffFactory, CooperativeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cooperatives/"
NEW_COOPERATIVE = {
    "name": "Koperasi Idempoten",
    "kind": "consumer",
    "district": "64.72",
}


def test_issue_api_token_prints_the_key_alone_on_the_last_line_and_stores_its_hash(
    capsys,
):
    call_command(
        "issue_api_token", "--district", "64.72", "--name", "dinas-samarinda-sipd"
    )

    key = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(name="dinas-samarinda-sipd")
    assert token.key_hash == hash_key(key)
    assert key not in token.key_hash
    assert token.district_id == "64.72"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(LIST).status_code == 200


def test_issue_api_token_staff_is_province_wide(capsys):
    call_command("issue_api_token", "--staff", "--name", "staf-rekap")

    token = ApiToken.objects.get(name="staf-rekap")
    assert token.is_province_wide


def test_issue_api_token_refuses_unknown_district():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", "--district", "99.99", "--name", "x")


def test_no_token_is_401():
    response = APIClient().get(LIST)

    assert response.status_code == 401


def test_wrong_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")

    assert client.get(LIST).status_code == 401


def test_revoked_token_is_401(samarinda_api, capsys):
    call_command("revoke_api_token", samarinda_api.token.name)

    assert samarinda_api.get(LIST).status_code == 401


def test_expired_token_is_401(samarinda_api):
    ApiToken.objects.filter(pk=samarinda_api.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert samarinda_api.get(LIST).status_code == 401


def test_token_records_last_use(samarinda_api):
    samarinda_api.get(LIST)

    samarinda_api.token.refresh_from_db()
    assert samarinda_api.token.last_used_at is not None


def test_staff_session_can_use_the_api(staff_client):
    assert staff_client.get(LIST).status_code == 200


def test_officer_session_cannot_use_the_api(client):
    from tests.factories import officer_of

    client.force_login(officer_of(CooperativeFactory()))

    assert client.get(LIST).status_code == 403


def test_idempotent_retry_creates_one_object(samarinda_api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "kop-2026-0001"}

    first = samarinda_api.post(LIST, NEW_COOPERATIVE, format="json", **headers)
    second = samarinda_api.post(LIST, NEW_COOPERATIVE, format="json", **headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Cooperative.objects.filter(name="Koperasi Idempoten").count() == 1


def test_idempotency_key_with_another_body_is_422(samarinda_api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "kop-2026-0002"}
    samarinda_api.post(LIST, NEW_COOPERATIVE, format="json", **headers)

    response = samarinda_api.post(
        LIST, {**NEW_COOPERATIVE, "name": "Lain"}, format="json", **headers
    )

    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()


def test_idempotency_keys_are_per_client(samarinda_api, staff_api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "same-key"}

    samarinda_api.post(LIST, NEW_COOPERATIVE, format="json", **headers)
    staff_api.post(LIST, NEW_COOPERATIVE, format="json", **headers)

    assert Cooperative.objects.filter(name="Koperasi Idempoten").count() == 2


def test_idempotent_retry_of_a_refused_request_replays_the_400(samarinda_api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "bad-1"}
    body = {**NEW_COOPERATIVE, "kind": "bogus"}

    first = samarinda_api.post(LIST, body, format="json", **headers)
    second = samarinda_api.post(LIST, body, format="json", **headers)

    assert first.status_code == second.status_code == 400
    assert first.json() == second.json()


def test_throttling_answers_429_with_retry_after(samarinda_api, settings):
    settings.API_THROTTLE_RATE = "3/minute"

    statuses = [samarinda_api.get(LIST).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert int(samarinda_api.get(LIST)["Retry-After"]) > 0


def test_malformed_json_is_400_not_500(samarinda_api):
    response = samarinda_api.post(LIST, "{bad", content_type="application/json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_api_changes_are_in_the_history_with_the_token_as_actor(samarinda_api):
    response = samarinda_api.post(LIST, NEW_COOPERATIVE, format="json")

    cooperative = Cooperative.objects.get(pk=response.json()["id"])
    record = cooperative.history.latest()
    assert record.history_user == samarinda_api.token.user
    assert samarinda_api.token.name in record.history_user.first_name


def test_revoke_unknown_token_fails():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_revoke(name="missing", by=None)


def test_revoke_refused_without_the_revoke_permission(samarinda_api):
    token = samarinda_api.token
    staff = AgencyStaffFactory(permissions=["accounts.view_apitoken"])

    with pytest.raises(PermissionDenied, match="tidak berwenang mencabut"):
        api_token_revoke(name=token.name, by=staff)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert samarinda_api.get(LIST).status_code == 200


def test_revoke_allowed_with_the_revoke_permission(samarinda_api):
    token = samarinda_api.token
    staff = AgencyStaffFactory(permissions=["accounts.revoke_apitoken"])

    api_token_revoke(name=token.name, by=staff)

    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("may_revoke", [False, True])
def test_admin_revoke_action_needs_the_revoke_permission(
    client, samarinda_api, may_revoke
):
    token = samarinda_api.token
    permissions = ["accounts.view_apitoken"]
    if may_revoke:
        permissions.append("accounts.revoke_apitoken")
    client.force_login(AgencyStaffFactory(permissions=permissions))

    response = client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    token.refresh_from_db()
    assert response.status_code == 200
    assert (token.revoked_at is not None) is may_revoke
    assert ("Anda tidak berwenang mencabut token API." in messages) is not may_revoke


def test_schema_and_docs_are_served_without_a_cdn(staff_client):
    schema = staff_client.get("/api/schema/")
    docs = staff_client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/cooperatives/" in schema.content
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_staff_revoke_a_token_in_the_admin(staff_client, samarinda_api):
    token = samarinda_api.token

    response = staff_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert samarinda_api.get(LIST).status_code == 401


def test_token_admin_changelist_never_shows_the_key(staff_client, samarinda_api):
    response = staff_client.get("/admin/accounts/apitoken/")

    assert response.status_code == 200
    assert samarinda_api.key not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/financing/schemes/", "/api/v1/cooperatives/"]
)
def test_nul_in_search_is_400_naming_search(staff_api, path):
    response = staff_api.get(f"{path}?search=a%00b")

    assert response.status_code == 400
    assert list(response.json()) == ["search"]
    assert isinstance(response.json()["search"], list)


@pytest.mark.parametrize("escaped", ["\\ud800", "\\u0000"], ids=["surrogate", "nul"])
def test_unstorable_character_in_a_json_body_is_400_naming_the_field(
    samarinda_api, escaped
):
    body = '{"name": "Koperasi X", "kind": "consumer", "district": "64.72"}'
    raw = body.replace("X", escaped).encode()

    response = samarinda_api.generic("POST", LIST, raw, "application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert not Cooperative.objects.exists()
