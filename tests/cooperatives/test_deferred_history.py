"""The creation records a first load leaves for after its commit
(cooperatives/services/imports/deferred_history.py): none written in the job,
each written once by the task (or the sweep, or the next import) with the
job's time, user and reason and the row's values as imported, even when the
row was changed or deleted in between, or is changed while the task runs."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from cooperatives import tasks
from cooperatives.models import DeferredHistory, Enterprise, Person
from cooperatives.services.imports import deferred_history, running
from cooperatives.services.imports.deferred_history import deferred_history_write
from cooperatives.services.imports.deferred_indexes import deferred_indexes_build
from tests.cooperatives.test_imports_first_load import load
from tests.cooperatives.test_imports_services import enterprise_row
from tests.factories import DistrictUserFactory, StaffFactory
from tests.workers import wait_for

pytestmark = pytest.mark.django_db

TABLES = ("cooperatives_enterprise", "cooperatives_person")


@pytest.fixture
def first_load(settings, monkeypatch):
    """Any file large enough to hold the tables; batches of two rows."""
    settings.IMPORT_INDEX_DROP_MIN_BYTES = 0
    monkeypatch.setattr(running, "BATCH_ROWS", 2)


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger "
            "WHERE tgname = 'deferred_history' AND tgenabled = 'A'"
        )
        return {table for (table,) in cursor}


def tracked(model) -> list[str]:
    return [
        f.attname
        for f in model.history.model._meta.concrete_fields
        if not f.attname.startswith("history_")
    ]


def imported(model) -> dict[int, dict]:
    return {row["id"]: row for row in model.objects.values(*tracked(model))}


def records(model, pk: int) -> list:
    return list(model.history.filter(id=pk).order_by("history_id"))


def values(record) -> dict:
    return {a: getattr(record, a) for a in tracked(type(record).instance_type)}


def test_a_first_load_leaves_its_records_to_the_task_which_writes_each_once(
    first_load,
):
    by = StaffFactory()

    job = load([enterprise_row(n) for n in range(1, 5)], by=by)

    assert job.created == 4
    assert not Enterprise.history.exists()
    assert not Person.history.exists()
    pending = {p.table: p for p in DeferredHistory.objects.all()}
    assert pending.keys() == set(TABLES) == triggers()
    for table, model in zip(TABLES, (Enterprise, Person), strict=True):
        ids = sorted(model.objects.values_list("pk", flat=True))
        assert (pending[table].first_id, pending[table].last_id) == (ids[0], ids[-1])
        assert pending[table].next_id == ids[0]
    rows = {model: imported(model) for model in (Enterprise, Person)}

    written = deferred_history_write()

    assert written == 8
    assert not DeferredHistory.objects.exists()
    assert not triggers()
    for model in (Enterprise, Person):
        for row in model.objects.all():
            (record,) = records(model, row.pk)
            assert record.history_type == "+"
            assert record.history_user_id == by.pk
            assert record.history_change_reason == f"import #{job.pk}"
            assert record.history_date == row.created_at == row.updated_at
            assert values(record) == rows[model][row.pk]
    assert deferred_history_write() == 0  # again: nothing to do


def test_a_row_changed_or_deleted_before_the_task_keeps_its_imported_record(
    first_load,
):
    by = StaffFactory()
    job = load([enterprise_row(n) for n in range(1, 4)], by=by)
    rows = imported(Enterprise)
    saved, updated, deleted = Enterprise.objects.order_by("pk")
    deleted_id = deleted.pk
    owner = Person.objects.get(pk=saved.owner_id)
    before_owner = imported(Person)[owner.pk]

    saved.name = "Diubah lewat ORM"
    saved.save()
    Enterprise.objects.filter(pk=updated.pk).update(name="Diubah lewat update")
    deleted.delete()
    Person.objects.filter(pk=owner.pk).update(name="Nama Baru")
    written = deferred_history_write()

    assert written == 6 - 4  # the four changed had theirs from the trigger
    plus, tilde = records(Enterprise, saved.pk)
    assert (plus.history_type, tilde.history_type) == ("+", "~")
    assert values(plus) == rows[saved.pk]
    assert tilde.name == "Diubah lewat ORM"
    (plus,) = records(Enterprise, updated.pk)
    assert values(plus) == rows[updated.pk]
    assert Enterprise.objects.get(pk=updated.pk).name == "Diubah lewat update"
    plus, minus = records(Enterprise, deleted_id)
    assert (plus.history_type, minus.history_type) == ("+", "-")
    assert values(plus) == rows[deleted_id]
    (plus,) = records(Person, owner.pk)
    assert values(plus) == before_owner
    for record in (*Enterprise.history.filter(history_type="+"), plus):
        assert record.history_user_id == by.pk
        assert record.history_change_reason == f"import #{job.pk}"
    assert Enterprise.history.filter(history_type="+").count() == 3


def test_the_trigger_fires_under_the_imports_replica_mode_too(first_load):
    load([enterprise_row(1)])
    row = Enterprise.objects.get()
    imported_name = row.name

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE cooperatives_enterprise SET name = 'Diubah' WHERE id = %s",
            [row.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = origin")

    (record,) = records(Enterprise, row.pk)
    assert (record.history_type, record.name) == ("+", imported_name)


def test_the_writer_resumes_at_next_id_and_a_failed_chunk_is_retried(
    first_load, monkeypatch
):
    monkeypatch.setattr(deferred_history, "CHUNK", 2)
    load([enterprise_row(n) for n in range(1, 6)])
    ids = sorted(Enterprise.objects.values_list("pk", flat=True))
    # A chunk that fails (a check of the database's own, for its third row).
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE cooperatives_historicalenterprise ADD CONSTRAINT "
            f"refuse_one CHECK (id <> {ids[2]}) NOT VALID"
        )

    first = deferred_history_write()

    pending = DeferredHistory.objects.get(table="cooperatives_enterprise")
    assert first == 2 + 5  # the first chunk, and every owner
    assert pending.next_id == ids[2]  # the first chunk kept, the second not
    assert "refuse_one" in pending.error
    assert (pending.attempts, pending.last_attempt is not None) == (1, True)
    assert triggers() == {"cooperatives_enterprise"}
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses them
        cursor.execute(
            "ALTER TABLE cooperatives_historicalenterprise DROP CONSTRAINT refuse_one"
        )

    again = deferred_history_write()

    assert again == 3
    assert not DeferredHistory.objects.exists()
    assert not triggers()
    assert sorted(Enterprise.history.values_list("id", flat=True)) == ids


def test_a_range_rewound_writes_no_record_twice(first_load):
    load([enterprise_row(n) for n in range(1, 4)])
    pending = DeferredHistory.objects.get(table="cooperatives_enterprise")
    Enterprise.objects.filter(pk=pending.first_id).update(name="Diubah")

    written = deferred_history_write()
    DeferredHistory.objects.create(  # as if its chunks had never been recorded
        table=pending.table, first_id=pending.first_id, last_id=pending.last_id,
        next_id=pending.first_id, history_date=pending.history_date,
        reason=pending.reason,
    )  # fmt: skip
    rewound = deferred_history_write()

    assert (written, rewound) == (2 + 3, 0)
    assert Enterprise.history.filter(history_type="+").count() == 3
    assert Enterprise.history.get(id=pending.first_id).name == "Usaha 1"


@pytest.mark.django_db(transaction=True)  # the sweep builds indexes concurrently
def test_a_lost_task_is_done_by_the_import_sweep(first_load):
    load([enterprise_row(n) for n in range(1, 3)])

    tasks.import_job_sweep_task()

    assert Enterprise.history.filter(history_type="+").count() == 2
    assert Person.history.filter(history_type="+").count() == 2
    assert not DeferredHistory.objects.exists()
    assert not triggers()


def test_the_next_import_writes_the_pending_records_first(first_load):
    by = StaffFactory()
    first = load([enterprise_row(n) for n in range(1, 3)], by=by)

    second = load([enterprise_row(1, name="Usaha Satu"), enterprise_row(3)])

    assert (second.created, second.updated) == (1, 1)
    assert not DeferredHistory.objects.exists()
    one = Enterprise.objects.get(nib=enterprise_row(1)["nib"])
    plus, tilde = records(Enterprise, one.pk)
    assert (plus.history_type, plus.name, plus.history_user_id) == (
        "+",
        "Usaha 1",
        by.pk,
    )
    assert plus.history_change_reason == f"import #{first.pk}"
    assert (tilde.history_type, tilde.name) == ("~", "Usaha Satu")
    # None of the first load's rows got a starting record instead.
    assert not Enterprise.history.filter(history_change_reason="Catatan awal").exists()


@pytest.fixture
def no_trigger_left():
    """A committed first load's DDL outlives a flush: its indexes built and
    its trigger dropped after the test."""
    yield
    deferred_indexes_build()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS deferred_history ON {table}")


def waiting(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s",
            [pid],
        )
        return bool(cursor.fetchone()[0])


def session():
    conn = connection.get_new_connection(connection.get_connection_params())
    conn.autocommit = False
    return conn


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("edit_first", [True, False])
def test_an_edit_while_a_chunk_is_written_never_gives_two_records(
    first_load, no_trigger_left, edit_first
):
    load([enterprise_row(n) for n in range(1, 4)])
    target = Enterprise.objects.order_by("pk").first()
    editor, holder = session(), session()
    edit = (
        "UPDATE cooperatives_enterprise SET name = 'Diubah' WHERE id = %s",
        [target.pk],
    )
    writer_pid = {}

    def write():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            writer_pid["pid"] = cursor.fetchone()[0]
        deferred_history_write()
        connections.close_all()

    writer = threading.Thread(target=write)
    try:
        if edit_first:
            # The edit's trigger writes the record, uncommitted; the chunk's
            # SHARE lock waits for it.
            editor.execute(*edit)
            writer.start()
            wait_for(lambda: "pid" in writer_pid and waiting(writer_pid["pid"]))
            editor.commit()
        else:
            # The chunk holds the table (its insert held up by a third
            # session); the edit waits for the chunk's commit.
            holder.execute("LOCK TABLE cooperatives_historicalenterprise IN SHARE MODE")
            writer.start()
            wait_for(lambda: "pid" in writer_pid and waiting(writer_pid["pid"]))
            thread = threading.Thread(
                target=lambda: (editor.execute(*edit), editor.commit())
            )
            thread.start()
            editor_pid = editor.info.backend_pid
            wait_for(lambda: waiting(editor_pid))
            holder.commit()
            thread.join(30)
        writer.join(30)
    finally:
        editor.close()
        holder.close()

    assert not writer.is_alive()
    (record,) = records(Enterprise, target.pk)
    assert (record.history_type, record.name) == ("+", "Usaha 1")
    assert Enterprise.objects.get(pk=target.pk).name == "Diubah"
    assert Enterprise.history.count() == 3
    assert not DeferredHistory.objects.exists()


URL = "/admin/cooperatives/deferredhistory/"


def test_agency_staff_read_the_pending_records_in_the_admin(staff_client):
    at = datetime.datetime(2026, 12, 4, 5, 46, tzinfo=datetime.UTC)
    DeferredHistory.objects.create(
        table=TABLES[0], first_id=10, last_id=20, next_id=15, history_date=at,
        reason="import #7", error="lock timeout", attempts=2, last_attempt=at,
    )  # fmt: skip

    page = staff_client.get(URL)
    added = staff_client.get(f"{URL}add/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Riwayat tertunda" in body
    assert "import #7" in body
    assert "lock timeout" in body
    assert "4 Desember 2026 13.46 WITA" in body
    assert added.status_code == 403


def test_district_admins_do_not_see_the_pending_records(client):
    client.force_login(DistrictUserFactory(is_staff=True))

    page = client.get(URL)

    assert page.status_code == 403
