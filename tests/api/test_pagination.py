"""api.pagination: the count and the page's ids of an API list come from one
statement; page numbers are checked as DRF and Django check them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pagination import IdsPaginator
from cooperatives.models import Cooperative
from tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cooperatives/"


@pytest.fixture
def five():
    return sorted(CooperativeFactory.create_batch(5), key=lambda c: (c.name, c.pk))


def test_pages_count_and_order(staff_api, five):
    first = staff_api.get(f"{LIST}?page_size=2").json()
    last = staff_api.get(f"{LIST}?page_size=2&page=3").json()
    by_word = staff_api.get(f"{LIST}?page_size=2&page=last").json()

    assert first["count"] == last["count"] == 5
    assert [r["id"] for r in first["results"]] == [c.pk for c in five[:2]]
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert [r["id"] for r in last["results"]] == [five[4].pk]
    assert last["next"] is None
    assert by_word["results"] == last["results"]


def test_count_and_ids_take_one_statement(staff_api, five):
    staff_api.get(f"{LIST}?page_size=2")  # the token's first use stamps it

    with CaptureQueriesContext(connection) as queries:
        staff_api.get(f"{LIST}?page_size=2&page=2")

    statements = [q["sql"] for q in queries]
    counting = [sql for sql in statements if "count(*)" in sql.lower()]
    assert len(counting) == 1
    assert "ARRAY(" in counting[0]
    assert len(statements) == 3  # token, count with ids, rows


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "1.5", "4", "99999999999999999999999", "9" * 400]
)
def test_pages_that_do_not_exist_answer_404(staff_api, five, page):
    response = staff_api.get(f"{LIST}?page_size=2&page={page}")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_an_empty_list_has_its_first_page(staff_api):
    response = staff_api.get(f"{LIST}?page=1")

    assert response.status_code == 200
    assert response.json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize(
    "empty",
    [
        lambda: Cooperative.objects.none(),
        lambda: Cooperative.objects.filter(pk__in=[]),  # a scope with nothing in it
    ],
)
def test_a_list_that_cannot_have_rows_pages_without_a_query(empty):
    ids = empty().order_by("name", "id").values_list("pk", flat=True)

    with CaptureQueriesContext(connection) as queries:
        page = IdsPaginator(ids, 10).page(1)

    assert list(page) == []
    assert page.paginator.count == 0
    assert len(queries) == 0
