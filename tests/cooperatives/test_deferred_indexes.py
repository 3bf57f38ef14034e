"""The build of the secondary indexes a first load left for after its commit
(cooperatives/services/imports/deferred_indexes.py): run by its task under its
name and its old one."""

import pytest
from django.db import connection

from cooperatives.models import DeferredIndex
from kukm_portal.celery import app
from tests.cooperatives.test_imports_bulk import definitions, indexes
from tests.workers import thread_worker, wait_for

pytestmark = pytest.mark.django_db

TABLE = "cooperatives_enterprise"


@pytest.fixture
def before():
    """The indexes as the migrations declare them; after the test, any one it
    left missing or invalid is built again (its DDL outlives a flush)."""
    declared = definitions(indexes())
    yield declared
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = ANY(%s) AND i.indisvalid",
            [sorted(declared)],
        )
        valid = {name for (name,) in cursor}
        for name in declared.keys() - valid:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
            cursor.execute(declared[name])


def drop_and_record(name: str, statement: str) -> DeferredIndex:
    """As a first load leaves an index: dropped, its statement recorded."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{name}"')
    return DeferredIndex.objects.create(name=name, table=TABLE, statement=statement)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "task",
    [
        "cooperatives.tasks.deferred_index_build_task",
        # Messages queued before the rename carry the old name.
        "cooperatives.tasks.search_index_build_task",
    ],
)
def test_a_queued_build_runs_under_its_name_and_its_old_one(task, before):
    drop_and_record("ent_name_upper", before["ent_name_upper"])

    with thread_worker():
        app.send_task(task)
        wait_for(lambda: not DeferredIndex.objects.exists())

    assert definitions(indexes()) == before
