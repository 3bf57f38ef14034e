# ruff: noqa: S608 -- the model's table name
"""A first load's CHECK constraints: dropped while its rows are copied, added
again NOT VALID before the commit (enforced on every write from then on), and
the rows it wrote checked after the commit by the deferred build, which records
a check that fails and tries it again."""

import pytest
from django.db import IntegrityError, connection, transaction
from psycopg.errors import ForeignKeyViolation

from cooperatives.models import DeferredIndex, Enterprise, Person
from cooperatives.services.imports import replica
from cooperatives.services.imports.deferred_indexes import deferred_indexes_build
from cooperatives.services.imports.kinds import EnterpriseRules
from cooperatives.services.imports.loaders import EnterpriseLoader
from tests.cooperatives.test_imports_first_load import first_load, load  # noqa: F401
from tests.cooperatives.test_imports_services import HEADER, enterprise_row
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TABLES = [Enterprise._meta.db_table, Person._meta.db_table]


def checks(kind: str = "c") -> dict[str, bool]:
    """{name: validated} of the CHECK constraints of the two tables (or, kind
    "f", their foreign keys)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, convalidated FROM pg_constraint WHERE contype = %s "
            "AND conrelid = ANY(%s::regclass[])",
            [kind, TABLES],
        )
        return dict(cursor.fetchall())


def recorded_checks() -> dict[str, str]:
    rows = DeferredIndex.objects.filter(statement__startswith="ALTER TABLE")
    return dict(rows.values_list("name", "statement"))


def test_a_first_load_leaves_its_rows_checks_for_after_the_commit(first_load):  # noqa: F811
    before = checks()

    job = load([enterprise_row(n) for n in range(1, 4)])

    assert job.created == 3
    assert before
    assert all(before.values())
    assert checks() == dict.fromkeys(before, False)  # enforced, rows not checked
    owner_key = next(
        name for name in checks("f") if name.startswith("cooperatives_enterpr_owner")
    )
    assert checks("f")[owner_key] is False  # the owner key, checked after too
    assert set(recorded_checks()) == {*before, owner_key}
    assert all(
        statement.endswith((f"VALIDATE CONSTRAINT {name}", f'CONSTRAINT "{name}"'))
        for name, statement in recorded_checks().items()
    )
    enterprise = Enterprise.objects.first()
    with (
        pytest.raises(IntegrityError, match="ent_money_non_negative"),
        transaction.atomic(),
    ):
        Enterprise.objects.filter(pk=enterprise.pk).update(business_capital=-1)


@pytest.mark.django_db(transaction=True)
def test_the_rows_checks_are_done_after_the_commit(first_load):  # noqa: F811
    job = load([enterprise_row(n) for n in range(1, 4)])
    assert job.created == 3
    assert not all(checks().values())

    deferred_indexes_build()

    assert all(checks().values())
    assert all(checks("f").values())
    assert not DeferredIndex.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_check_that_fails_after_the_commit_is_recorded_and_tried_again():
    enterprise = EnterpriseFactory()
    table = Enterprise._meta.db_table
    definition = "CHECK (employees >= 0)"
    name = "cooperatives_enterprise_employees_check"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        cursor.execute(
            f"UPDATE {table} SET employees = -1 WHERE id = %s", [enterprise.pk]
        )
        cursor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition} NOT VALID"
        )
    try:
        DeferredIndex.objects.create(
            name=name,
            table=table,
            statement=f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}",
        )

        assert deferred_indexes_build() == []
        row = DeferredIndex.objects.get(name=name)
        assert (row.attempts, checks()[name]) == (1, False)
        assert name in row.error

        Enterprise.objects.filter(pk=enterprise.pk).update(employees=0)
        assert deferred_indexes_build() == [name]
        assert checks()[name] is True
        assert not DeferredIndex.objects.exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET employees = 0")
            cursor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {name}")


@pytest.mark.django_db(transaction=True)
def test_a_second_first_load_before_the_checks_are_done_keeps_them_once(first_load):  # noqa: F811
    assert load([enterprise_row(n) for n in range(1, 3)]).created == 2
    Enterprise.objects.all().delete()
    Person.objects.all().delete()
    recorded = recorded_checks()

    job = load([enterprise_row(n) for n in range(3, 6)])

    assert (job.status, job.created) == ("done", 3)
    assert recorded_checks() == recorded
    deferred_indexes_build()
    assert all(checks().values())
    assert all(checks("f").values())


def test_a_first_loads_keys_are_checked_from_the_values_it_wrote(first_load):  # noqa: F811
    """No scan of the rows: the values the load wrote, each looked up (and
    locked) once; one without its row fails the job as the trigger would."""
    rules = EnterpriseRules(HEADER, district_id=None)
    row = enterprise_row(1)
    staged, owner = rules.row(2, [row[key] for key in HEADER])
    staged = (*staged[:-1], 987654)  # a cooperative gone
    connection.ensure_connection()
    with (  # noqa: PT012
        pytest.raises(ForeignKeyViolation, match=r"cooperative_id\)=\(987654\)"),
        transaction.atomic(),
        connection.connection.cursor() as cursor,
    ):
        loader = EnterpriseLoader(
            cursor, rules, district_id=None, by_id=None, reason="t", file_bytes=1
        )
        batch = loader.batch()
        assert loader.stage(batch, staged, owner) is None
        loader.seal(batch)
        loader.load(batch)
        written = loader.indexes.written[Enterprise._meta.db_table]
        assert written["cooperative_id"] == {987654}
        assert written["district_id"] == {"64.72"}
        loader.finish()


def test_the_written_values_are_what_is_checked_not_the_rows():
    EnterpriseFactory()  # valid rows: a scan would find nothing missing
    table = Enterprise._meta.db_table
    with connection.cursor() as cursor:
        replica.check_foreign_keys(cursor, [table], {table: {"district_id": {"64.72"}}})
        with pytest.raises(ForeignKeyViolation, match=r"district_id\)=\(99\.99\)"):
            replica.check_foreign_keys(
                cursor, [table], {table: {"district_id": {"64.72", "99.99", None}}}
            )
