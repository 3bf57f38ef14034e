"""core.page_rows: a page's rows read with SQL compiled once, in the order of the
ids asked for, with the same values the ORM reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative
from core.page_rows import PageRows, pk_any_of
from tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db


def _counting_builder(calls: list):
    def build(ids):
        calls.append(ids)
        return (
            Cooperative.objects.filter(pk_any_of(ids))
            .order_by()
            .values("id", "name", "established_on", "created_at")
        )

    return build


def test_rows_come_in_the_order_asked_and_missing_ids_are_skipped():
    first, second, third = CooperativeFactory.create_batch(3)
    page = PageRows(_counting_builder([]))

    rows = page([third.pk, 999_999_999, first.pk, second.pk])

    assert [row["id"] for row in rows] == [third.pk, first.pk, second.pk]
    assert rows[1]["name"] == first.name
    assert page([]) == []


def test_values_equal_what_the_orm_reads():
    cooperatives = CooperativeFactory.create_batch(2)
    ids = [c.pk for c in cooperatives]

    rows = PageRows(_counting_builder([]))(ids)

    expected = list(
        Cooperative.objects.filter(pk__in=ids)
        .order_by("pk")
        .values("id", "name", "established_on", "created_at")
    )
    assert sorted(rows, key=lambda row: row["id"]) == expected
    # Aware datetimes, the same instant (the fast loader keeps the time zone).
    assert all(row["created_at"].utcoffset() is not None for row in rows)


def test_the_queryset_is_built_and_compiled_once_and_runs_as_one_query():
    a, b = CooperativeFactory.create_batch(2)
    calls = []
    page = PageRows(_counting_builder(calls))

    page([a.pk])
    with CaptureQueriesContext(connection) as queries:
        rows = page([b.pk, a.pk])

    assert len(calls) == 1
    assert len(queries) == 1
    assert "= ANY(" in queries[0]["sql"]
    assert [row["id"] for row in rows] == [b.pk, a.pk]


def test_a_builder_without_pk_any_of_is_refused():
    page = PageRows(lambda ids: Cooperative.objects.filter(pk__in=ids).values("id"))

    with pytest.raises(ValueError, match="pk_any_of"):
        page([1])
