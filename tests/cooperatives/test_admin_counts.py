"""Admin changelists of the big tables never COUNT(*) the whole table: unfiltered,
the paginator takes PostgreSQL's estimate; filtered, it counts exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.paginators import LargeTablePaginator
from tests.factories import CooperativeFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/cooperatives"


def _analyze(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def _get(client, url: str):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def _full_counts(queries: list[str], table: str) -> list[str]:
    return [
        sql
        for sql in queries
        if sql.startswith("SELECT COUNT(*)")
        and f'FROM "{table}"' in sql
        and " WHERE " not in sql
    ]


@pytest.mark.parametrize(
    ("model_name", "table", "make"),
    [
        ("cooperative", "cooperatives_cooperative", CooperativeFactory.create_batch),
        ("enterprise", "cooperatives_enterprise", EnterpriseFactory.create_batch),
    ],
)
def test_unfiltered_changelist_takes_the_estimate(
    staff_client, monkeypatch, model_name, table, make
):
    monkeypatch.setattr(LargeTablePaginator, "estimate_above", 20)
    make(25)
    _analyze(table)

    response, queries = _get(staff_client, f"{ADMIN}/{model_name}/")

    assert _full_counts(queries, table) == []
    assert response.context["cl"].result_count == 25  # ANALYZE saw every row
    assert len(response.context["cl"].result_list) == 25


def test_filtered_changelist_counts_exactly(staff_client, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "estimate_above", 20)
    CooperativeFactory.create_batch(22, kind="consumer")
    CooperativeFactory.create_batch(3, kind="producer")
    _analyze("cooperatives_cooperative")

    response, queries = _get(staff_client, f"{ADMIN}/cooperative/?kind=producer")

    assert response.context["cl"].result_count == 3
    assert any(
        sql.startswith("SELECT COUNT(*)") and " WHERE " in sql for sql in queries
    )


def test_small_table_is_counted_exactly(staff_client):
    CooperativeFactory.create_batch(4)
    _analyze("cooperatives_cooperative")

    response, queries = _get(staff_client, f"{ADMIN}/cooperative/")

    assert response.context["cl"].result_count == 4
    assert len(_full_counts(queries, "cooperatives_cooperative")) == 1
