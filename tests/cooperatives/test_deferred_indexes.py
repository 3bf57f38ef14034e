"""The build of the secondary indexes a first load left for after its commit
(cooperatives/services/imports/deferred_indexes.py): run by its task under its
name and its old one, the indexes' state read in a constant number of queries,
a failing statement recorded on its row while the others are built, and the
failures shown to staff in the admin."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives import tasks
from cooperatives.models import DeferredIndex, Enterprise
from cooperatives.services.imports.deferred_indexes import deferred_indexes_build
from kukm_portal.celery import app
from tests.cooperatives.test_imports_bulk import definitions, indexes
from tests.factories import DistrictUserFactory, EnterpriseFactory
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


def state(name: str) -> bool | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)",
            [name],
        )
        found = cursor.fetchone()
    return found[0] if found else None


@pytest.mark.django_db(transaction=True)
def test_the_build_reads_the_indexes_state_in_as_many_queries_for_one_or_three(
    before,
):
    reads = []
    for names in (["ent_name_upper"], ["ent_kbli", "ent_kbli_upper", "ent_nib_upper"]):
        for name in names:
            drop_and_record(name, before[name])

        with CaptureQueriesContext(connection) as captured:
            built = deferred_indexes_build()

        assert built == names
        reads.append(sum("pg_index" in q["sql"] for q in captured.captured_queries))
    assert reads[0] == reads[1] <= 3  # before and under the lock, then the delete
    assert definitions(indexes()) == before
    assert not DeferredIndex.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("statement", "error"),
    [
        (  # a column a later migration dropped
            f"CREATE INDEX ent_gone ON {TABLE} USING btree (no_such_column)",
            "no_such_column",
        ),
        (f"CREATE INDEX ent_gone ON {TABLE} (", "syntax error"),
        ("DROP INDEX ent_kbli", "unexpected index statement"),
    ],
)
def test_a_failing_statement_is_recorded_and_the_others_are_built(
    before, statement, error
):
    DeferredIndex.objects.create(name="ent_gone", table=TABLE, statement=statement)
    drop_and_record("ent_name_upper", before["ent_name_upper"])

    built = deferred_indexes_build()
    tasks.import_job_sweep_task()  # the sweep tries it again, and goes on

    failing = DeferredIndex.objects.get()
    assert built == ["ent_name_upper"]
    assert definitions(indexes()) == before
    assert failing.name == "ent_gone"
    assert error in failing.error
    assert failing.attempts == 2
    assert failing.last_attempt is not None
    assert state("ent_gone") is None


@pytest.mark.django_db(transaction=True)
def test_an_index_a_failed_build_left_invalid_is_dropped_and_built_on_a_retry(
    before,
):
    _kept, failing = EnterpriseFactory.create_batch(2)
    DeferredIndex.objects.create(
        name="ent_ratio",
        table=TABLE,
        statement=(
            f"CREATE INDEX ent_ratio ON {TABLE} USING btree ((1 / (id - {failing.pk})))"
        ),
    )

    first = deferred_indexes_build()
    recorded = DeferredIndex.objects.get()
    left = state("ent_ratio")
    Enterprise.objects.filter(pk=failing.pk).delete()
    retried = deferred_indexes_build()

    assert first == []
    assert "division by zero" in recorded.error
    assert recorded.attempts == 1
    assert left is None  # the invalid index the failed build left: dropped
    assert retried == ["ent_ratio"]
    assert state("ent_ratio") is True
    assert not DeferredIndex.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX ent_ratio")


URL = "/admin/cooperatives/deferredindex/"


def test_agency_staff_read_the_failed_indexes_in_the_admin(staff_client):
    at = datetime.datetime(2026, 12, 4, 5, 46, tzinfo=datetime.UTC)
    DeferredIndex.objects.create(
        name="ent_gone",
        table=TABLE,
        statement=f"CREATE INDEX ent_gone ON {TABLE} (gone)",
        error='column "gone" does not exist',
        attempts=3,
        last_attempt=at,
    )

    page = staff_client.get(URL)
    added = staff_client.get(f"{URL}add/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Indeks tertunda" in body
    assert "Percobaan terakhir" in body
    assert "ent_gone" in body
    assert "column &quot;gone&quot; does not exist" in body
    assert "4 Desember 2026 13.46 WITA" in body
    assert added.status_code == 403


def test_district_admins_do_not_see_the_deferred_indexes(client):
    client.force_login(DistrictUserFactory(is_staff=True))

    page = client.get(URL)

    assert page.status_code == 403
