"""Login throttling that cannot be sidestepped (issue 16, item 3): the lockout
counts the account the backend signs in, however its name is typed, and client
addresses come from NUM_PROXIES trusted proxies only, for the lockout and the API's
anonymous throttle alike. Each test fails when its protection is removed."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from core.client_address import client_address
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/portal/masuk/"
PASSWORD = "rahasia-kuat-2026"
WRONG = "salah"
CLIENT = "203.0.113.5"
PROXY = "10.0.0.1"
SIMULATE = "/api/v1/financing/simulate/?amount=10000000&tenor_months=12"


@pytest.fixture
def staff():
    return StaffFactory(username="staf.demo", email="staf@dinas.kaltimprov.go.id")


def _login(client, username: str, password: str = WRONG, **meta):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        **{"REMOTE_ADDR": CLIENT, **meta},
    )


def _fail_until_locked(client, username: str = "staf.demo", **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, **meta)


# --- The account, however it is typed -----------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Staf.Demo",
        "STAF.DEMO",
        " staf.demo ",
        "staf@dinas.kaltimprov.go.id",
        " Staf@Dinas.KaltimProv.go.id ",
    ],
)
def test_a_lockout_holds_against_another_spelling_of_the_account(client, staff, typed):
    _fail_until_locked(client)

    response = _login(client, typed, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_in_different_spellings_count_together(client, staff, settings):
    spellings = ["Staf.Demo", "STAF.DEMO", "staf@dinas.kaltimprov.go.id", "sTaF.dEmO"]
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(client, spellings[number % len(spellings)])

    response = _login(client, "staf.demo", PASSWORD)

    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "staf.demo"


def test_a_successful_login_clears_the_count_of_every_spelling(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "Staf.Demo")

    signed_in = _login(client, "staf@dinas.kaltimprov.go.id", PASSWORD)

    assert signed_in.status_code == 302
    assert not AccessAttempt.objects.exists()


# --- The address: X-Forwarded-For only as far as our proxies wrote it ----------------


def test_a_forwarded_for_header_does_not_escape_the_lockout_without_proxies(
    client, staff, settings
):
    assert settings.NUM_PROXIES == 0
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "staf.demo", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    response = _login(
        client, "staf.demo", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )

    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == CLIENT


def test_behind_one_proxy_the_right_most_forwarded_address_is_the_client(
    client, staff, settings
):
    settings.NUM_PROXIES = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client,
            "staf.demo",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, {CLIENT}",
        )

    locked = _login(
        client,
        "staf.demo",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"198.51.100.99, {CLIENT}",
    )
    neighbour = _login(
        client,
        "staf.demo",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == CLIENT
    assert neighbour.status_code == 302  # another client behind the same proxy


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.1"),
        (0, "198.51.100.7", "10.0.0.1"),
        (1, None, "10.0.0.1"),
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.7, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # entered behind the outer proxy
        (1, "198.51.100.7, not-an-address", "10.0.0.1"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    meta = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_address(RequestFactory().get("/", **meta)) == expected


# --- The API's anonymous throttle -----------------------------------------------------


@pytest.fixture
def anon_limit(settings):
    """Three anonymous requests a minute; counts left in Redis by earlier runs are
    removed first."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    redis = cache._cache.get_client(write=True)
    for key in redis.scan_iter(match=f"{prefix}:*:throttle_api_client_*"):
        redis.delete(key)
    settings.API_THROTTLE_RATE = "3/minute"


def test_a_forwarded_for_header_does_not_escape_the_anonymous_throttle(
    client, anon_limit
):
    statuses = [
        client.get(
            SIMULATE, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_behind_one_proxy_the_anonymous_throttle_counts_the_right_most_address(
    client, anon_limit, settings
):
    settings.NUM_PROXIES = 1

    statuses = [
        client.get(
            SIMULATE,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {CLIENT}",
        ).status_code
        for n in range(4)
    ]
    neighbour = client.get(
        SIMULATE, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert statuses == [200, 200, 200, 429]
    assert neighbour.status_code == 200


# --- TRUSTED_PROXIES: the header only from a peer that is our proxy -------------------


@pytest.mark.parametrize(
    ("proxies", "trusted", "remote", "forwarded", "expected"),
    [
        # A peer that is not our proxy: its own address, whatever it writes.
        (0, ["10.0.0.1"], "203.0.113.5", "198.51.100.7", "203.0.113.5"),
        (1, ["10.0.0.0/24"], "203.0.113.5", "198.51.100.7", "203.0.113.5"),
        (2, ["10.0.0.1"], "203.0.113.5", "198.51.100.7, 10.0.0.1", "203.0.113.5"),
        # Our proxy: the right-most address that is not one of ours.
        (0, ["10.0.0.1"], "10.0.0.1", "198.51.100.7, 203.0.113.5", "203.0.113.5"),
        (
            0,
            ["10.0.0.0/24"],
            "10.0.0.1",
            "198.51.100.7, 203.0.113.5, 10.0.0.2",
            "203.0.113.5",
        ),
        (1, ["10.0.0.0/24"], "10.0.0.1", "203.0.113.5, 10.0.0.2", "10.0.0.2"),  # capped
        (
            2,
            ["10.0.0.0/24"],
            "10.0.0.1",
            "198.51.100.7, 203.0.113.5, 10.0.0.2",
            "203.0.113.5",
        ),
        (0, ["10.0.0.1"], "10.0.0.1", None, "10.0.0.1"),
        (0, ["10.0.0.1"], "10.0.0.1", "not-an-address", "10.0.0.1"),
        (0, ["2001:db8::/32"], "2001:db8::9", "2001:DB8:FFFF::1", "2001:db8:ffff::1"),
        (0, ["10.0.0.1"], "10.0.0.1", "10.0.0.1", "10.0.0.1"),  # only our proxies
    ],
)
def test_client_address_with_trusted_proxies(
    settings, proxies, trusted, remote, forwarded, expected
):
    settings.NUM_PROXIES = proxies
    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_address(RequestFactory().get("/", **meta)) == expected


@pytest.fixture
def behind_proxy(settings):
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = [PROXY]


def test_a_spoofed_header_from_an_untrusted_peer_does_not_escape_the_lockout(
    client, staff, behind_proxy
):
    # The client reaches the app around the proxy and writes its own header.
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "staf.demo", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    response = _login(
        client, "staf.demo", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    through_proxy = _login(
        client,
        "staf.demo",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"198.51.100.1, {CLIENT}",
    )

    assert response.status_code == 429
    assert through_proxy.status_code == 429  # the same client, through the proxy
    assert AccessAttempt.objects.get().ip_address == CLIENT


def test_a_spoofed_header_from_an_untrusted_peer_does_not_escape_the_throttle(
    client, anon_limit, behind_proxy
):
    statuses = [
        client.get(
            SIMULATE, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(3)
    ]
    through_proxy = client.get(
        SIMULATE, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.7, {CLIENT}"
    )
    neighbour = client.get(
        SIMULATE, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )

    assert statuses == [200, 200, 200]
    assert through_proxy.status_code == 429
    assert neighbour.status_code == 200


def test_the_trusted_proxies_setting_is_checked_at_start(settings):
    from core.checks import trusted_proxies_check

    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "bukan-alamat"]
    assert [error.id for error in trusted_proxies_check(None)] == ["core.E002"]
    settings.TRUSTED_PROXIES, settings.NUM_PROXIES = [], 1
    assert [error.id for error in trusted_proxies_check(None)] == ["core.W001"]
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert trusted_proxies_check(None) == []
