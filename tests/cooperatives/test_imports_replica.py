"""A bulk load's rows written without a trigger a row, where the database role
may, and their foreign keys checked once a key before the commit; a role that
may not takes the per-row path. Either way a row without its referenced row
fails the load."""

import os
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from psycopg.errors import ForeignKeyViolation, UniqueViolation

from cooperatives.models import Enterprise
from cooperatives.services.imports.deferred_history import deferred_history_write
from cooperatives.services.imports.indexes import IndexDrop
from tests.cooperatives.test_imports_services import csv_file, enterprise_row, run
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

HELD = ("cooperatives_enterprise", "cooperatives_historicalenterprise")


@pytest.fixture
def plain_role():
    """This connection as a role owning what the superuser owns (a member of
    it) but no superuser itself, nor granted session_replication_role."""
    name = f"import_plain_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute(f"CREATE ROLE {name} NOSUPERUSER NOLOGIN")
        cursor.execute(f'GRANT "{owner}" TO {name}')
        cursor.execute(f"SET ROLE {name}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@contextmanager
def a_job_failing_with(error, match):
    """An enterprise, then a job's transaction (its IndexDrop) that must end
    in `error`, rolled back."""
    enterprise = EnterpriseFactory()
    connection.ensure_connection()
    with (
        pytest.raises(error, match=match),
        transaction.atomic(),
        connection.connection.cursor() as cursor,
    ):
        yield enterprise, cursor, IndexDrop(cursor, file_bytes=10**6)


def a_bad_district_written(drop: IndexDrop, cursor, enterprise) -> None:
    drop.before_write(*HELD)
    with drop.writing(*HELD):
        cursor.execute(
            "UPDATE cooperatives_enterprise SET district_id = '99.99' WHERE id = %s",
            [enterprise.pk],
        )


def test_a_superuser_load_queues_no_check_yet_still_fails_on_a_missing_district(
    settings,
):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    with a_job_failing_with(ForeignKeyViolation, r"district_id.*99\.99") as (
        enterprise,
        cursor,
        drop,
    ):
        a_bad_district_written(drop, cursor, enterprise)
        assert drop.replica
        # No trigger fired: the per-row checks, run now, find nothing pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"  # for that statement only
        drop.rebuild()

    assert Enterprise.objects.get(pk=enterprise.pk).district_id == (
        enterprise.district_id
    )


def test_a_role_that_may_not_takes_the_per_row_checks(settings, plain_role):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    with a_job_failing_with(ForeignKeyViolation, "district_id") as (
        enterprise,
        cursor,
        drop,
    ):
        a_bad_district_written(drop, cursor, enterprise)
        assert not drop.replica
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the trigger's check

    assert Enterprise.objects.get(pk=enterprise.pk).district_id == (
        enterprise.district_id
    )


@pytest.mark.parametrize("role", ["superuser", "plain"])
def test_a_large_load_writes_the_same_rows_either_way(settings, request, role):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    if role == "plain":
        request.getfixturevalue("plain_role")
    rows = [enterprise_row(n) for n in range(1, 6)]

    job = run(file=csv_file(rows))

    assert (job.status, job.created, job.skipped) == ("done", 5, 0)
    stored = Enterprise.objects.filter(nib__in=[r["nib"] for r in rows])
    assert {e.owner.nik for e in stored} == {r["owner_nik"] for r in rows}
    assert deferred_history_write() == 5 + 5  # after the commit, as the task
    assert Enterprise.history.count() == 5


NIK_HASH_KEY = "cooperatives_person_nik_hash_4cb5b695_uniq"


def unique_keys() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'u' AND conrelid = 'cooperatives_person'::regclass"
        )
        return dict(cursor.fetchall())


def test_a_first_load_gets_the_nik_hash_key_back_and_an_owner_met_again(
    settings, monkeypatch
):
    from cooperatives.services.imports import running

    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    monkeypatch.setattr(running, "BATCH_ROWS", 2)
    before = unique_keys()
    rows = [enterprise_row(n) for n in range(1, 6)]
    rows[4].update(owner_nik=rows[0]["owner_nik"])  # batch 3, as row 1

    job = run(file=csv_file(rows))

    assert (job.status, job.created) == ("done", 5)
    assert NIK_HASH_KEY in before
    assert unique_keys() == before
    first, fifth = (Enterprise.objects.get(nib=rows[i]["nib"]) for i in (0, 4))
    assert first.owner_id == fifth.owner_id


def test_two_owners_with_one_nik_hash_fail_when_the_key_is_added_again(settings):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    with a_job_failing_with(UniqueViolation, "nik_hash") as (enterprise, cursor, drop):
        drop.before_write("cooperatives_person")
        assert drop.drop_unique("cooperatives_person", "nik_hash")
        cursor.execute(
            "INSERT INTO cooperatives_person (nik_encrypted, nik_hash, name, sex, "
            "phone, email, created_at, updated_at) SELECT nik_encrypted, nik_hash, "
            "'Lain', sex, '', '', now(), now() FROM cooperatives_person WHERE id = %s",
            [enterprise.owner_id],
        )
        drop.rebuild()

    assert NIK_HASH_KEY in unique_keys()
