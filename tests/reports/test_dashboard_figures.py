"""The staff dashboard on the stored figures (core.figures): the same page, with
the registry's years and the enterprises read in one query each."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.scope import Scope
from core.figures import family_refresh
from core.models import FigureSet
from reports.figures import disbursed_counts, loan_counts
from tests.factories import EnterpriseFactory, district
from tests.financing.factories import LoanFactory
from tests.reports.conftest import M
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


def test_the_stored_loan_figures_equal_the_live_ones(financing_data):
    today = timezone.localdate()
    live = loan_counts(scope=Scope.province(), today=today)
    by_district = disbursed_counts(scope=Scope.district("64.71"), today=today)
    assert family_refresh(family="financing")

    with CaptureQueriesContext(connection) as queries:
        stored = loan_counts(scope=Scope.province(), today=today)

    assert stored == live
    assert stored["bands"][-1]["par_ratio"] == live["bands"][-1]["par_ratio"]
    assert len(queries) == 1
    assert disbursed_counts(scope=Scope.district("64.71"), today=today) == by_district


def test_loan_figures_of_another_day_are_counted_live(financing_data):
    today = timezone.localdate()
    assert family_refresh(family="financing")
    FigureSet.objects.filter(family="financing").update(
        as_of=today - datetime.timedelta(days=1)
    )

    with CaptureQueriesContext(connection) as queries:
        figures = loan_counts(scope=Scope.province(), today=today)

    assert len(queries) > 1
    assert figures["outstanding"] == 48 * M


def test_a_new_loan_makes_the_loan_figures_live(financing_data):
    today = timezone.localdate()
    assert family_refresh(family="financing")

    LoanFactory(principal=M, outstanding_principal=M, disbursed_on=today)

    assert loan_counts(scope=Scope.province(), today=today)["outstanding"] == 49 * M
