"""The staff dashboard on the stored figures (core.figures): the same page, with
the registry's years and the enterprises read in one query each."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.figures import family_refresh
from tests.factories import EnterpriseFactory, district
from tests.reports.test_dashboard import province  # noqa: F401 -- a fixture

pytestmark = pytest.mark.django_db


def _page(client, path: str) -> str:
    """The page without what changes every request (CSRF token, CSP nonce)."""
    page = client.get(path).content.decode()
    return re.sub(r'(value|nonce)="[A-Za-z0-9+/=_-]{20,}"', "", page)


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/?peta=umkm"])
def test_the_dashboard_reads_the_stored_figures(province, staff_client, path):  # noqa: F811
    EnterpriseFactory(district=district("64.71"))
    staff_client.get(path)
    with CaptureQueriesContext(connection) as live:
        live_page = _page(staff_client, path)
    assert family_refresh(family="registry")
    assert family_refresh(family="enterprises")

    with CaptureQueriesContext(connection) as stored:
        stored_page = _page(staff_client, path)

    assert stored_page == live_page
    assert len(stored) < len(live) - 10


def test_a_district_dashboard_counts_its_registry_live(province, client):  # noqa: F811
    from tests.factories import DistrictUserFactory

    client.force_login(DistrictUserFactory())
    before = _page(client, "/dashboard/")
    assert family_refresh(family="registry")

    after = _page(client, "/dashboard/")

    assert after == before
