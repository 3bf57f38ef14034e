"""A first load into an empty registry held by the job: its rows COPYed straight
into the final tables (ids from the sequences, one owner a NIK), its foreign
keys and NIK-hash uniqueness still checked, and its history records and other
secondary indexes recorded, then written and built by tasks after the commit."""

import pytest
from django.db import IntegrityError, connection, transaction
from psycopg.errors import ForeignKeyViolation

from cooperatives import tasks
from cooperatives.models import (
    DeferredHistory,
    DeferredIndex,
    Enterprise,
    ImportJob,
    Person,
    PersonReconciliation,
)
from cooperatives.nik_crypto import decrypt_nik, encrypt_nik, nik_encrypter
from cooperatives.services.imports import import_request, import_run, running
from cooperatives.services.imports.deferred_history import deferred_history_write
from cooperatives.services.imports.deferred_indexes import (
    deferred_indexes_build,
    search_indexes,
)
from cooperatives.services.imports.direct import TABLES
from cooperatives.services.imports.keys import KeyIds
from cooperatives.services.imports.kinds import EnterpriseRules
from cooperatives.services.imports.loaders import EnterpriseLoader
from tests.cooperatives.test_imports_bulk import definitions, indexes, secondary
from tests.cooperatives.test_imports_replica import NIK_HASH_KEY, unique_keys
from tests.cooperatives.test_imports_services import (
    HEADER,
    csv_file,
    enterprise_row,
    nik,
)
from tests.factories import EnterpriseFactory, PersonFactory, StaffFactory
from tests.workers import thread_worker, wait_for

pytestmark = pytest.mark.django_db

SEARCH = {index.name for _model, index in search_indexes()}


@pytest.fixture
def first_load(settings, monkeypatch):
    """Any file large enough to hold the tables; batches of two rows."""
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    monkeypatch.setattr(running, "BATCH_ROWS", 2)


def load(rows, by=None, **options):
    job = import_request(
        kind="enterprises", file=csv_file(rows), district=None, by=by, **options
    )
    return import_run(job_id=job.pk)


def next_ids() -> tuple[int, int]:
    """The id the next enterprise and person would get (drawn, as an insert does)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('cooperatives_enterprise', 'id')), "
            "nextval(pg_get_serial_sequence('cooperatives_person', 'id'))"
        )
        return cursor.fetchone()


def test_a_first_load_copies_rows_with_ids_drawn_from_the_sequences(first_load):
    before_enterprise, before_person = next_ids()
    rows = [enterprise_row(n) for n in range(1, 6)]
    rows[3].update(owner_nik=nik(1), owner_name="Pemilik 1")  # batch 2, as row 1

    job = load(rows)

    assert (job.status, job.created, job.skipped) == ("done", 5, 0)
    stored = list(Enterprise.objects.order_by("pk"))
    assert [e.nib for e in stored] == [row["nib"] for row in rows]
    assert [e.pk for e in stored] == list(
        range(before_enterprise + 1, before_enterprise + 6)
    )
    people = list(Person.objects.order_by("pk"))
    assert [p.pk for p in people] == list(range(before_person + 1, before_person + 5))
    assert [p.nik for p in people] == [nik(n) for n in (1, 2, 3, 5)]
    assert stored[0].owner_id == stored[3].owner_id == people[0].pk
    assert stored[4].owner.name == "Pemilik 5"
    assert (stored[0].scale, stored[0].sub_district_id) == ("micro", "64.72.01")
    # The sequences moved past the ids used: the next rows come after them.
    assert next_ids() == (before_enterprise + 6, before_person + 5)
    assert unique_keys()[NIK_HASH_KEY]  # added again after the load


def stamp_defaults() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, column_default "
            "FROM information_schema.columns WHERE table_name = ANY(%s) "
            "AND column_default IS NOT NULL ORDER BY 1, 2",
            [list(TABLES)],
        )
        return cursor.fetchall()


def test_a_first_load_writes_each_rows_creation_record(first_load):
    by = StaffFactory()
    rows = [enterprise_row(n) for n in range(1, 4)]
    defaults = stamp_defaults()

    job = load(rows, by=by)
    in_job = Enterprise.history.count() + Person.history.count()
    deferred_history_write()  # the task after the commit

    assert job.created == 3
    assert in_job == 0
    assert stamp_defaults() == defaults  # the load's now() defaults dropped
    for model in (Enterprise, Person):
        records = list(model.history.all())
        assert len(records) == 3
        for record in records:
            row = model.objects.get(pk=record.id)
            assert record.history_type == "+"
            assert record.history_user_id == by.pk
            assert record.history_change_reason == f"import #{job.pk}"
            assert record.history_date == row.created_at == row.updated_at
            tracked = [f.attname for f in model.history.model._meta.concrete_fields
                       if not f.attname.startswith("history_")]  # fmt: skip
            assert [getattr(record, a) for a in tracked] == [
                getattr(row, a) for a in tracked
            ]


def test_an_owner_named_otherwise_by_another_row_is_queued_for_staff(first_load):
    rows = [enterprise_row(n) for n in range(1, 6)]
    rows[1].update(owner_nik=nik(1), owner_name="Pemilik  SATU")  # same batch
    rows[4].update(owner_nik=nik(1), owner_name="pemilik satu")  # same, spaced
    rows[3].update(owner_nik=nik(1), owner_name="Nama Lain")  # a later batch

    job = load(rows)

    assert (job.status, job.created) == ("done", 5)
    owner = Person.objects.get_by_nik(nik(1))
    assert owner.name == "Pemilik  SATU"  # the last row of its first batch
    assert Person.objects.count() == 2
    assert set(
        PersonReconciliation.objects.values_list("person_id", "supplied_name")
    ) == {(owner.pk, "Pemilik 1"), (owner.pk, "Nama Lain")}


def test_a_first_load_rejects_a_row_without_owner_and_keeps_nothing(first_load):
    rows = [enterprise_row(1), enterprise_row(2, owner_nik="", owner_name="")]

    job = load(rows)

    assert (job.status, job.skipped) == ("failed", 1)
    assert Enterprise.objects.count() == Person.objects.count() == 0
    assert definitions(indexes()).keys() >= SEARCH  # rolled back with the job


def test_a_first_load_leaves_its_secondary_indexes_for_after_the_commit(first_load):
    before = definitions(indexes())
    deferred = secondary()

    job = load([enterprise_row(n) for n in range(1, 4)])

    after = definitions(indexes())
    assert job.created == 3
    assert before.keys() >= SEARCH
    assert deferred >= SEARCH
    assert not deferred & after.keys()  # this test's transaction never commits
    assert after == {k: v for k, v in before.items() if k not in deferred}
    recorded = DeferredIndex.objects.filter(statement__startswith="CREATE")
    assert dict(recorded.values_list("name", "statement")) == {
        name: before[name] for name in deferred
    }
    assert Enterprise.objects.filter(name__icontains="usaha 2").count() == 1


def test_a_first_load_row_without_its_district_fails_at_the_end(first_load):
    rules = EnterpriseRules(HEADER, district_id=None)
    row = enterprise_row(1)
    staged, owner = rules.row(2, [row[key] for key in HEADER])
    staged = (*staged[:5], "99.99", None, None, *staged[8:])  # a district gone
    connection.ensure_connection()
    with (  # noqa: PT012
        pytest.raises(ForeignKeyViolation, match=r"99\.99"),
        transaction.atomic(),
        connection.connection.cursor() as cursor,
    ):
        loader = EnterpriseLoader(
            cursor, rules, district_id=None, by_id=None, reason="t", file_bytes=1
        )
        assert loader.first_load is not None
        batch = loader.batch()
        assert loader.stage(batch, staged, owner) is None
        loader.seal(batch)
        assert loader.load(batch) == (1, 0, [])
        loader.finish()

    assert Enterprise.objects.count() == 0


def test_a_first_load_for_a_user_gone_fails_at_its_commit(first_load):
    """The records' user (the job's) is the key of its DeferredHistory rows."""
    rules = EnterpriseRules(HEADER, district_id=None)
    staged, owner = rules.row(2, [enterprise_row(1)[key] for key in HEADER])
    gone = StaffFactory()
    gone_id = gone.pk
    gone.delete()
    connection.ensure_connection()
    with (  # noqa: PT012
        pytest.raises(ForeignKeyViolation, match="cooperatives_deferredhistory"),
        transaction.atomic(),
        connection.connection.cursor() as cursor,
    ):
        loader = EnterpriseLoader(
            cursor, rules, district_id=None, by_id=gone_id, reason="t", file_bytes=1
        )
        batch = loader.batch()
        loader.stage(batch, staged, owner)
        loader.seal(batch)
        loader.load(batch)
        loader.finish()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as the commit does

    assert Enterprise.objects.count() == 0


def test_a_registry_with_people_takes_the_staging_path(first_load):
    PersonFactory()
    before = definitions(indexes())

    job = load([enterprise_row(n) for n in range(1, 4)])

    assert job.created == 3
    assert definitions(indexes()) == before  # the search indexes built in the job


def all_valid(names) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(indisvalid) FROM pg_index "
            "WHERE indexrelid = ANY(%s::regclass[])",
            [sorted(names)],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_indexes_and_records_come_back_after_the_commit_by_a_worker(first_load):
    before = definitions(indexes())

    rows = [enterprise_row(n) for n in range(1, 4)]

    with thread_worker():  # runs the job (queued after its commit), then the build
        job = import_request(
            kind="enterprises", file=csv_file(rows), district=None, by=None
        )
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "done")
        wait_for(
            lambda: (
                definitions(indexes()) == before
                and not DeferredIndex.objects.exists()
                and not DeferredHistory.objects.exists()
            )
        )

    assert ImportJob.objects.get(pk=job.pk).created == 3
    assert Enterprise.history.filter(history_type="+").count() == 3
    assert Person.history.filter(history_type="+").count() == 3
    assert definitions(indexes()) == before  # every index the migrations declare
    assert all_valid(before)


@pytest.mark.django_db(transaction=True)
def test_an_index_left_invalid_by_a_build_that_died_is_built_again():
    EnterpriseFactory.create_batch(2)
    before = definitions(indexes())
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX ent_name_upper")
        # A concurrent build that fails leaves its index behind, invalid.
        with pytest.raises(IntegrityError):
            cursor.execute(
                "CREATE UNIQUE INDEX CONCURRENTLY ent_name_upper "
                "ON cooperatives_enterprise ((1))"
            )
    assert all_valid(["ent_name_upper"]) is False
    DeferredIndex.objects.create(
        name="ent_name_upper",
        table="cooperatives_enterprise",
        statement=before["ent_name_upper"],
    )

    built = deferred_indexes_build()

    assert built == ["ent_name_upper"]
    assert definitions(indexes()) == before  # the recorded one, not the invalid
    assert all_valid(before)
    assert not DeferredIndex.objects.exists()


def test_the_imports_encrypter_keeps_the_scheme_with_a_fresh_nonce_each_time():
    encrypt = nik_encrypter()

    tokens = [encrypt(nik(n % 7 + 1)) for n in range(2 * 1024 + 5)]

    assert [decrypt_nik(t) for t in tokens] == [nik(n % 7 + 1) for n in range(2053)]
    assert len({t[1:13] for t in tokens}) == len(tokens)  # no nonce twice
    assert {len(t) for t in tokens} == {len(encrypt_nik(nik(1)))}


@pytest.mark.django_db(transaction=True)
def test_the_import_sweep_builds_a_search_index_found_missing_once():
    before = definitions(indexes())
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX ent_name_trgm")  # as a lost build task leaves it

    tasks.import_job_sweep_task()
    again = deferred_indexes_build()

    assert definitions(indexes()) == before
    assert again == []  # all there: nothing built twice


def test_the_owner_ids_are_found_again_after_the_table_grows():
    ids = KeyIds(size=8)
    keys = [((n * 0x9E3779B97F4A7C15) % 2**64, n % 7) for n in range(1, 3000)]

    for number, (hi, lo) in enumerate(keys, start=1):
        assert ids.get(hi, lo) is None
        ids.add(hi, lo, number)

    assert ids.mask + 1 >= 3 * len(keys) // 2  # grew, never over two thirds full
    assert [ids.get(hi, lo) for hi, lo in keys] == list(range(1, len(keys) + 1))
    assert ids.get(keys[0][0], keys[0][1] + 1) is None  # same hi, other lo


def test_a_first_loads_records_are_what_simple_history_writes_for_a_create(
    first_load,
):
    """The records a first load COPYs hold what django-simple-history writes
    when the same row is created through the ORM: every field, the same way."""
    by = StaffFactory()
    job = load([enterprise_row(1)], by=by)
    deferred_history_write()
    assert job.created == 1
    reason = f"import #{job.pk}"
    unique = {"id", "nib", "nik_encrypted", "nik_hash"}
    stamps = {"created_at", "updated_at", "history_date", "history_id"}
    for model, change in (
        (Person, {"nik": nik(9)}),
        (Enterprise, {"nib": "9999999999999"}),
    ):
        created = model.objects.get()
        created.pk = None
        for name, value in change.items():
            setattr(created, name, value)
        created._change_reason, created._history_user = reason, by
        created.save()
        loaded = model.history.exclude(id=created.pk).get()
        orm = model.history.get(id=created.pk)
        fields = [f.attname for f in model.history.model._meta.concrete_fields]
        assert {a: getattr(loaded, a) for a in fields if a not in unique | stamps} == {
            a: getattr(orm, a) for a in fields if a not in unique | stamps
        }
        assert (loaded.history_type, loaded.history_user_id) == ("+", by.pk)
        assert loaded.history_date == model.objects.get(pk=loaded.id).created_at


def test_an_owner_id_is_added_once_and_found_again_in_one_probe():
    ids = KeyIds(size=8)

    assert ids.setdefault(1, 2, 10) is None  # new: added with 10
    assert ids.setdefault(1, 2, 11) == 10  # found: the first id kept
    assert ids.setdefault(1, 3, 12) is None  # same hi, other lo: another key
    for n in range(20):  # grows past two thirds full
        ids.setdefault(100 + n, 0, 100 + n)
    assert (ids.get(1, 2), ids.get(1, 3), ids.get(119, 0)) == (10, 12, 119)


def test_a_first_load_escapes_what_copy_would_read_as_a_column_or_line_break(
    first_load,
):
    rows = [enterprise_row(1), enterprise_row(2)]
    rows[0].update(name="Usaha\\Satu", owner_name="Pemilik\tSatu")
    # A no-break space too (not printable, written as it is); a woman's NIK.
    rows[1].update(owner_name="Bu\u00a0Ani \\ Budi", owner_nik="6472035205800002")

    job = load(rows)

    assert job.created == 2
    first, second = (Enterprise.objects.get(nib=row["nib"]) for row in rows)
    assert (first.name, first.owner_name, first.owner.name) == (
        "Usaha\\Satu",
        "Pemilik\tSatu",
        "Pemilik\tSatu",
    )
    assert second.owner.name == second.owner_name == "Bu\u00a0Ani \\ Budi"
    assert (first.owner.sex, second.owner.sex) == ("male", "female")
