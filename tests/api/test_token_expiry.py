"""API tokens expire: one year from issue by default, `issue_api_token --days`
for another span, an expired token answers as an unknown one, and the admin's
list warns before a token lapses."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import api_token_authenticate, api_token_issue, hash_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cooperatives/"
ADMIN_LIST = "/admin/accounts/apitoken/"
DAY = datetime.timedelta(days=1)


def _close(moment, expected):
    return abs(moment - expected) < datetime.timedelta(minutes=1)


def test_a_token_expires_a_year_after_issue_by_default():
    token, _key = api_token_issue(name="dinas-bontang", district_code="64.74")

    assert _close(token.expires_at, timezone.now() + 365 * DAY)


def test_the_lifetime_follows_the_setting(settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90

    token, _key = api_token_issue(name="dinas-bontang", district_code="64.74")

    assert _close(token.expires_at, timezone.now() + 90 * DAY)


def test_issue_api_token_days_sets_the_expiry(capsys):
    call_command(
        "issue_api_token", "--district", "64.72", "--name", "uji-coba", "--days", "30"
    )

    lines = capsys.readouterr().out.strip().splitlines()
    token = ApiToken.objects.get(name="uji-coba")
    expires_on = timezone.localtime(token.expires_at).date()
    assert _close(token.expires_at, timezone.now() + 30 * DAY)
    assert f"valid until {expires_on.isoformat()}" in lines[0]
    assert token.key_hash == hash_key(lines[-1])


@pytest.mark.parametrize("days", ["0", "-5"])
def test_issue_api_token_refuses_a_lifetime_under_a_day(days):
    with pytest.raises(CommandError, match="paling sedikit 1 hari"):
        call_command("issue_api_token", "--staff", "--name", "sekejap", "--days", days)

    assert not ApiToken.objects.filter(name="sekejap").exists()


def test_an_expired_token_answers_exactly_as_an_unknown_one(samarinda_api):
    ApiToken.objects.filter(pk=samarinda_api.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    unknown = APIClient()
    unknown.credentials(HTTP_AUTHORIZATION="Token " + "x" * 40)

    expired_answer = samarinda_api.get(LIST)
    unknown_answer = unknown.get(LIST)

    assert expired_answer.status_code == unknown_answer.status_code == 401
    assert expired_answer.json() == unknown_answer.json()


def test_a_token_works_until_its_last_minute(samarinda_api):
    ApiToken.objects.filter(pk=samarinda_api.token.pk).update(
        expires_at=timezone.now() + datetime.timedelta(minutes=1)
    )

    assert samarinda_api.get(LIST).status_code == 200


def test_the_token_lookup_stays_one_query(samarinda_api, django_assert_num_queries):
    api_token_authenticate(samarinda_api.key)  # records the first use

    with django_assert_num_queries(1):
        token = api_token_authenticate(samarinda_api.key)

    assert token.pk == samarinda_api.token.pk


def _token_expiring_in(name: str, days: int) -> ApiToken:
    token, _key = api_token_issue(name=name, district_code="64.72")
    # At noon of the agency's day: "now + an hour" crosses midnight WITA after
    # 23:00 and would count one calendar day more.
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=noon + days * DAY)
    return token


def test_the_admin_warns_of_tokens_about_to_lapse(staff_client):
    _token_expiring_in("hampir-habis", 12)
    _token_expiring_in("masih-lama", 200)
    lapsed, _key = api_token_issue(name="sudah-habis", district_code="64.71")
    ApiToken.objects.filter(pk=lapsed.pk).update(expires_at=timezone.now() - DAY)

    page = staff_client.get(ADMIN_LIST).content.decode()

    rows = {name: page[page.index(f">{name}<") :] for name in ("hampir-habis",
            "masih-lama", "sudah-habis")}  # fmt: skip
    row = {name: text[: text.index("</tr>")] for name, text in rows.items()}
    assert (
        '<strong class="kukm-lapsing">akan kedaluwarsa dalam 12 hari</strong>'
        in row["hampir-habis"]
    )
    assert "kukm-lapsing" not in row["masih-lama"]
    assert '<strong class="kukm-lapsed">kedaluwarsa</strong>' in row["sudah-habis"]
    assert "css/admin.css" in page


def test_the_admin_shows_the_expiry_as_an_indonesian_date(staff_client):
    token = _token_expiring_in("masih-lama", 200)

    page = staff_client.get(ADMIN_LIST).content.decode()

    token.refresh_from_db()
    expires = timezone.localtime(token.expires_at)
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
              "Agustus", "September", "Oktober", "November", "Desember"]  # fmt: skip
    assert f"{expires.day} {months[expires.month - 1]} {expires.year}" in page


@pytest.mark.django_db(transaction=True)
def test_tokens_issued_without_expiry_get_a_year_from_the_migration():
    before = [("accounts", "0003_apitoken")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    # The user is made with today's model, before the schema goes back: the old
    # state's table lacks columns added since (language, …).
    user_id = UserFactory().pk
    try:
        executor.migrate(before)
        old_token = executor.loader.project_state(before).apps.get_model(
            "accounts", "ApiToken"
        )
        old_token.objects.create(
            name="lama", key_hash="a" * 64, key_prefix="aaaaaaaa",
            user_id=user_id, expires_at=None,
        )  # fmt: skip

        MigrationExecutor(connection).migrate(latest)

        token = ApiToken.objects.get(name="lama")
        assert _close(token.expires_at, timezone.now() + 365 * DAY)
    finally:
        MigrationExecutor(connection).migrate(latest)
