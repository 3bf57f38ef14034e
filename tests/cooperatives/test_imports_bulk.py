"""Enterprise imports at scale: a re-import writes only what changed, a large
load into a small table gets every index back, and batches written on the
database thread while the next is read keep the rejected rows in file order."""

import sys

import pytest
from django.db import connection, transaction
from psycopg.errors import ForeignKeyViolation

from cooperatives.models import DeferredIndex, Enterprise, Person
from cooperatives.services.imports import running
from cooperatives.services.imports.deferred_history import deferred_history_write
from cooperatives.services.imports.indexes import IndexDrop
from cooperatives.services.imports.running import BATCH_ROWS, Keys
from tests.cooperatives.test_imports_services import (
    csv_file,
    enterprise_row,
    nik,
    rejected,
    run,
)
from tests.factories import EnterpriseFactory, district

pytestmark = pytest.mark.django_db

TABLES = [
    "cooperatives_enterprise",
    "cooperatives_historicalenterprise",
    "cooperatives_person",
    "cooperatives_historicalperson",
]


def stored() -> dict:
    return {
        e.nib: (e.updated_at, e.history.count(), e.owner_id)
        for e in Enterprise.objects.all()
    }


def test_a_reimport_of_an_unchanged_file_writes_nothing():
    rows = [enterprise_row(n) for n in range(1, 4)]
    run(file=csv_file(rows))
    before, people = stored(), Person.history.count()

    again = run(file=csv_file(rows))

    assert (again.status, again.created, again.updated) == ("done", 0, 0)
    assert stored() == before  # no updated_at moved, no history row
    assert Person.history.count() == people


def test_a_reimport_updates_the_changed_rows_alone_owner_compared_by_nik():
    rows = [enterprise_row(n) for n in range(1, 4)]
    run(file=csv_file(rows))
    before = stored()
    rows[1]["employees"] = "9"
    rows[2]["owner_nik"] = nik(7)  # same name, another person

    job = run(file=csv_file(rows))

    after = stored()
    assert (job.created, job.updated) == (0, 2)
    first, second, third = (row["nib"] for row in rows)
    assert after[first] == before[first]
    assert after[second][1] == 2  # its history: created, then changed
    assert Enterprise.history.filter(nib=second).latest().history_type == "~"
    assert Enterprise.objects.get(nib=second).employees == 9
    assert Enterprise.objects.get(nib=third).owner.nik == nik(7)
    assert after[third][1] == 2


def indexes() -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexname::regclass::oid, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s)",
            [TABLES],
        )
        return {name: (oid, definition) for name, oid, definition in cursor}


def definitions(found: dict) -> dict[str, str]:
    return {name: definition for name, (_oid, definition) in found.items()}


def secondary() -> set[str]:
    """The indexes of the enterprises and owners correctness does not need:
    not unique, no primary key, behind no constraint (those a first load
    defers; it writes no history record, so their tables keep theirs)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique "
            "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
            "WHERE k.conindid = i.indexrelid)",
            [TABLES[::2]],
        )
        return {name for (name,) in cursor}


def test_a_large_load_into_an_empty_registry_rebuilds_every_index(settings):
    """The secondary indexes are built after the commit (a task, never run in
    this test's transaction: test_imports_first_load.py), from the statements
    the job recorded; the unique ones and the keys are back at the commit."""
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    before = indexes()
    deferred = secondary()
    assert {"ent_name_trgm", "ent_name_upper", "person_name_id"} <= deferred

    job = run(file=csv_file([enterprise_row(n) for n in range(1, 4)]))

    after = indexes()
    assert (job.status, job.created) == ("done", 3)
    assert definitions(after) == {
        k: v for k, v in definitions(before).items() if k not in deferred
    }
    recorded = DeferredIndex.objects.filter(statement__startswith="CREATE")
    assert dict(recorded.values_list("name", "statement")) == {
        name: definitions(before)[name] for name in deferred
    }
    # Dropped and built again (a new index), the NIB and NIK-hash keys (each
    # checked once, at the end); the primary keys kept as they were.
    assert (
        after["cooperatives_enterprise_nib_key"][0]
        != (before["cooperatives_enterprise_nib_key"][0])
    )
    primary = "cooperatives_enterprise_pkey"
    assert after[primary][0] == before[primary][0]
    assert Enterprise.objects.filter(name__icontains="usaha 2").count() == 1
    assert deferred_history_write() == 6  # the records, after the commit
    assert Enterprise.history.count() == 3
    assert Person.history.count() == 3


@pytest.mark.parametrize("options", [{"dry_run": True}, {"skip_invalid": False}])
def test_a_large_load_rolled_back_keeps_its_indexes(settings, options):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    before = indexes()
    rows = [enterprise_row(1), enterprise_row(2, kbli="12")]

    job = run(file=csv_file(rows), **options)

    assert job.rows == 2
    assert indexes() == before
    assert Enterprise.objects.count() == 0


def test_a_load_smaller_than_the_table_keeps_its_indexes(settings):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    EnterpriseFactory.create_batch(40)
    before = indexes()

    job = run(file=csv_file([enterprise_row(90)]))

    assert (job.status, job.created + job.updated) == ("done", 1)
    assert indexes()["ent_name_trgm"] == before["ent_name_trgm"]


def test_rejected_rows_stay_in_file_order_across_batches():
    elsewhere = [
        EnterpriseFactory(nib=f"99000000000{n:02d}", district=district("64.71"))
        for n in (1, 2)
    ]
    rows = [
        enterprise_row(n, owner_nik=f"647203{1 + n % 28:02d}0180{1 + n // 28:04d}")
        for n in range(1, BATCH_ROWS + 6)
    ]
    bad = {1: {"kbli": "12"}, 2: {"nib": elsewhere[0].nib},
           BATCH_ROWS + 1: {"kbli": "x"}, BATCH_ROWS + 2: {"nib": elsewhere[1].nib},
           BATCH_ROWS + 3: {"owner_nik": "123"}}  # fmt: skip
    for index, changes in bad.items():
        rows[index].update(changes)

    job = run(file=csv_file(rows), district_code="64.72", skip_invalid=True)

    assert (job.status, job.rows, job.skipped) == ("done", len(rows), len(bad))
    assert job.created == len(rows) - len(bad)
    errors = rejected(job)
    assert [row["nib"] for row in errors] == [rows[i]["nib"] for i in sorted(bad)]
    assert [row["reason"].split(":")[0] for row in errors] == [
        "kbli", "nib", "kbli", "nib", "owner_nik"]  # fmt: skip


def test_the_keys_seen_are_found_once_moved_to_the_sorted_array():
    keys, plain = Keys(), set()
    values = [(n * 7_919_993) % 10**13 for n in range(1, 3 * Keys.RECENT)]
    for value in values:
        assert (value in keys) == (value in plain)
        keys.add(value)
        plain.add(value)
    keys.add(10**20)  # too long for the array: kept in the set

    assert len(keys.old) >= 2 * Keys.RECENT
    assert all(value in keys for value in values[:100] + values[-100:])
    assert 10**20 in keys
    assert 12345 not in keys


def test_a_large_load_keeps_the_indexes_of_a_table_someone_is_reading(settings):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    before = indexes()
    reader = connection.get_new_connection(connection.get_connection_params())
    try:
        with reader.cursor() as cursor:  # a transaction left open, reading
            cursor.execute("BEGIN")
            cursor.execute("SELECT count(*) FROM cooperatives_enterprise")

        job = run(file=csv_file([enterprise_row(n) for n in range(1, 4)]))
    finally:
        reader.close()

    after = indexes()
    assert (job.status, job.created) == ("done", 3)
    assert after["ent_name_trgm"] == before["ent_name_trgm"]  # not dropped
    # The owners' table, not being read, was written without its own.
    assert after["person_name_trgm"][0] != before["person_name_trgm"][0]


def foreign_keys() -> dict[str, tuple[int, str, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, oid, pg_get_constraintdef(oid), convalidated "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        return {name: (oid, *rest) for name, oid, *rest in cursor}


OWNER_KEY = "cooperatives_enterpr_owner_id_f39be41d_fk_cooperati"


def test_a_large_load_checks_the_owners_key_once_and_gets_it_back_as_it_was(
    settings,
):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    before = foreign_keys()

    job = run(file=csv_file([enterprise_row(n) for n in range(1, 4)]))

    after = foreign_keys()
    assert (job.status, job.created) == ("done", 3)
    # Dropped for the load (both tables were the job's alone) and added again,
    # deferrable as before, its rows checked after the commit (a first load's:
    # test_imports_deferred_checks.py); the keys to other tables never dropped.
    assert after[OWNER_KEY][0] != before[OWNER_KEY][0]
    assert {k: v[1].removesuffix(" NOT VALID") for k, v in after.items()} == {
        k: v[1] for k, v in before.items()
    }
    assert {k for k, (_oid, _sql, valid) in after.items() if not valid} == {OWNER_KEY}
    district_key = next(k for k in before if "district_id" in k and "sub" not in k)
    assert after[district_key][0] == before[district_key][0]


def test_a_row_without_its_owner_still_fails_the_load_once_the_key_is_dropped(
    settings,
):
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    enterprise = EnterpriseFactory()
    connection.ensure_connection()
    with (  # noqa: PT012
        pytest.raises(ForeignKeyViolation),
        transaction.atomic(),
        connection.connection.cursor() as cursor,
    ):
        drop = IndexDrop(cursor, file_bytes=10**6)
        drop.before_write("cooperatives_enterprise", "cooperatives_person")
        assert OWNER_KEY not in foreign_keys()
        cursor.execute(
            "UPDATE cooperatives_enterprise SET owner_id = owner_id + 1000 "
            "WHERE id = %s",
            [enterprise.pk],
        )
        drop.rebuild()

    assert OWNER_KEY in foreign_keys()  # rolled back with the job
    assert Enterprise.objects.get(pk=enterprise.pk).owner_id == enterprise.owner_id


def test_a_first_load_held_alone_finds_an_owner_of_an_earlier_batch(
    settings, monkeypatch
):
    """Without ON CONFLICT (the tables are the job's alone), an owner met again
    in a later batch is the same person, inserted once."""
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    monkeypatch.setattr(running, "BATCH_ROWS", 2)
    rows = [enterprise_row(n) for n in range(1, 6)]
    rows[3].update(owner_nik=nik(1), owner_name="Pemilik 1")  # batch 2, as row 1

    job = run(file=csv_file(rows))

    assert (job.status, job.created) == ("done", 5)
    first, fourth = (Enterprise.objects.get(nib=rows[i]["nib"]) for i in (0, 3))
    assert first.owner_id == fourth.owner_id
    assert deferred_history_write() == 4 + 5
    assert Person.objects.count() == Person.history.count() == 4
    assert Enterprise.history.count() == 5
    assert OWNER_KEY in foreign_keys()


def test_the_pass_hands_the_interpreter_over_promptly_then_restores_it(
    monkeypatch,
):
    before, during = sys.getswitchinterval(), []
    load = running.EnterpriseLoader.load

    def spying(self, rows):
        during.append(sys.getswitchinterval())
        return load(self, rows)

    monkeypatch.setattr(running.EnterpriseLoader, "load", spying)

    job = run(file=csv_file([enterprise_row(1)]))

    assert (job.status, job.created) == ("done", 1)
    assert during == [pytest.approx(0.0002)]
    assert sys.getswitchinterval() == before
