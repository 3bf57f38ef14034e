import os

import pytest
from django.utils import translation

from tests.factories import StaffFactory

# The live-replica group needs the standby scripts/with_replica.py starts (it sets
# DATABASE_REPLICA_URL); `make test-replica` and `make check` run it.
collect_ignore = [] if os.environ.get("DATABASE_REPLICA_URL") else ["replica"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the test's thread (the locale
    middleware activates a language and nothing resets it): each test starts over
    in the default language, so no test depends on which ran before it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The districts, kecamatan, villages and clusters come from data migrations; a
    transactional test's flush removes them, so put them back for the next test."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from cooperatives.models import Cluster, District, SubDistrict, Village
    from cooperatives.reference_data import (
        DISTRICTS,
        load_reference_data,
        load_villages,
    )

    if District.objects.count() != len(DISTRICTS):
        load_reference_data(District, SubDistrict, Cluster)
        load_villages(Village)


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def make_api_client(db):
    """An APIClient holding a fresh token: make_api_client("64.72") or (None) for staff."""
    from rest_framework.test import APIClient

    from accounts.tokens import api_token_issue

    def make(district_code, name=None):
        token, key = api_token_issue(
            name=name or f"token-{district_code or 'staff'}",
            district_code=district_code,
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.token = token
        client.key = key
        return client

    return make


@pytest.fixture
def samarinda_api(make_api_client):
    return make_api_client("64.72")


@pytest.fixture
def balikpapan_api(make_api_client):
    return make_api_client("64.71")


@pytest.fixture
def staff_api(make_api_client):
    return make_api_client(None)
