"""The stored figures (core.figures): exact values in JSON, sets used only while
no write touched their family since the refresh, and writers that wait for no
one, against other real connections holding writers' transactions open."""

from decimal import Decimal

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from accounts.scope import Scope
from cooperatives.selectors import enterprise_count, enterprise_verified_counts
from cooperatives.selectors.figures import ENTERPRISES, Family
from core import figures, tasks
from core.models import FigureFamily, FigureSet
from tests.factories import CooperativeFactory, EnterpriseFactory, district
from tests.workers import thread_worker, wait_for

WRITE = "UPDATE cooperatives_enterprise SET name = name WHERE id = %s"


def test_values_round_trip_exactly():
    value = {
        "money": Decimal("1250000.50"),
        "zero": Decimal("0.00"),
        "n": 3,
        "rows": [["64.72", "micro", 2], {"x": None, "ok": True, "ratio": 0.1}],
    }

    assert figures.decode(figures.encode(value)) == value
    assert str(figures.decode(figures.encode(value))["zero"]) == "0.00"


def test_a_value_json_cannot_hold_exactly_is_refused():
    with pytest.raises(TypeError):
        figures.encode({"when": object()})


def _connect(**kwargs) -> psycopg.Connection:
    """A session of its own on the test database (a writer, or a reader)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, **kwargs)


@pytest.fixture
def second_connection():
    with _connect() as other:
        yield other


@pytest.fixture
def third_connection():
    """A writer that fails fast instead of waiting on a lock."""
    with _connect() as other:
        other.execute("SET lock_timeout = '2s'")
        other.commit()
        yield other


def _current(family: str) -> bool:
    return figures.families_current()[family]


def _touched(family: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {figures.touched_sql(family)}")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_every_family_has_its_touch_sequence_and_its_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'S' "
            "AND relname LIKE 'figures\\_touch\\_%'"
        )
        sequences = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT DISTINCT substr(tgname, 9) FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE 'figures\\_%'"
        )
        triggered = {name for (name,) in cursor.fetchall()}
        # A session's cached values would leave last_value behind its nextval.
        cursor.execute(
            "SELECT DISTINCT seqcache FROM pg_sequence "
            "WHERE seqrelid::regclass::text LIKE 'figures\\_touch\\_%'"
        )
        caches = cursor.fetchall()

    assert sequences == {figures.touch_sequence(f) for f in settings.FIGURE_FAMILIES}
    assert triggered == set(settings.FIGURE_FAMILIES)
    assert caches == [(1,)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("current_before", [False, True])
def test_a_refresh_stores_nothing_while_a_writer_is_in_flight(
    second_connection, current_before
):
    """Not current before: the sets are missing or stale, and only the advisory
    lock keeps the refresh from storing figures without the writer's rows."""
    enterprise = EnterpriseFactory()
    if current_before:
        assert figures.family_refresh(family="enterprises")
    second_connection.execute(WRITE, [enterprise.pk])  # its transaction stays open

    refreshed = figures.family_refresh(family="enterprises")

    assert not refreshed
    second_connection.commit()
    assert not _current("enterprises")
    assert enterprise_count(scope=Scope.province()) is None
    assert figures.family_refresh(family="enterprises")
    assert enterprise_count(scope=Scope.province()) == 1


def _write_during_compute(key: str, today):
    """The enterprises' figure, computed before another session makes one of them
    pending and commits (after T1, before T2 stores)."""
    rows = ENTERPRISES.compute(key, today)
    with _connect(autocommit=True) as other:
        other.execute(
            "UPDATE cooperatives_enterprise SET status = 'pending' "
            "WHERE id = (SELECT min(id) FROM cooperatives_enterprise)"
        )
    return rows


OVERTAKEN = Family(
    name="enterprises", keys=ENTERPRISES.keys, compute=_write_during_compute
)


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_during_the_computation_leaves_the_set_unused(settings):
    EnterpriseFactory(district=district("64.71"))
    EnterpriseFactory(district=district("64.71"))
    settings.FIGURE_FAMILIES = {
        **settings.FIGURE_FAMILIES,
        "enterprises": "tests.core.test_figures.OVERTAKEN",
    }

    assert figures.family_refresh(family="enterprises")  # stored, already stale

    stored = FigureSet.objects.get(family="enterprises")
    assert sum(n for *_, n in stored.data) == 2
    assert {row[2] for row in stored.data} == {"verified"}
    assert stored.clean_at < _touched("enterprises")
    assert not _current("enterprises")
    assert figures.figures_read("enterprises", ["counts"]) == {}
    assert enterprise_count(scope=Scope.province()) is None  # counted live
    by_district = enterprise_verified_counts(scope=Scope.province(), by="district")
    assert by_district == {"64.71": 1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outcome", ["commit", "rollback"])
def test_a_writer_after_the_refresh_makes_the_figures_stale(second_connection, outcome):
    """A rolled-back write too: a sequence is not rolled back (it costs a refresh)."""
    enterprise = EnterpriseFactory()
    assert figures.family_refresh(family="enterprises")
    assert _current("enterprises")
    clean_at = FigureFamily.objects.get(family="enterprises").clean_at
    assert clean_at == _touched("enterprises")

    second_connection.execute(WRITE, [enterprise.pk])
    getattr(second_connection, outcome)()

    assert not _current("enterprises")
    assert FigureSet.objects.get(family="enterprises").clean_at == clean_at
    assert _touched("enterprises") > clean_at
    assert enterprise_count(scope=Scope.province()) is None


@pytest.mark.django_db(transaction=True)
def test_a_refresh_of_a_new_sequence_reads_a_value_no_writer_gets():
    """A new sequence reads its start uncalled, and its first nextval returns that
    same number: T1 calls nextval itself, so the next writer's value is larger."""
    enterprise = EnterpriseFactory()
    with connection.cursor() as cursor:
        cursor.execute("ALTER SEQUENCE figures_touch_enterprises RESTART")
    assert figures.family_refresh(family="enterprises")
    assert FigureFamily.objects.get(family="enterprises").clean_at == 1
    assert enterprise_count(scope=Scope.province()) == 1

    enterprise.delete()

    assert _touched("enterprises") == 2
    assert enterprise_count(scope=Scope.province()) is None


@pytest.mark.django_db(transaction=True)
def test_a_writer_left_open_after_a_refresh_blocks_no_other_writer(
    second_connection, third_connection
):
    """The first writer after a refresh used to hold the family's row to its commit."""
    first, second = EnterpriseFactory(), EnterpriseFactory()
    assert figures.family_refresh(family="enterprises")
    second_connection.execute(WRITE, [first.pk])  # its transaction stays open

    third_connection.execute(
        "UPDATE cooperatives_enterprise SET status = 'pending' WHERE id = %s",
        [second.pk],
    )
    third_connection.commit()  # no lock timeout: it waited for no one

    assert enterprise_count(scope=Scope.province()) is None
    assert enterprise_verified_counts(scope=Scope.province(), by="scale") == {
        first.scale: 1
    }
    assert not figures.family_refresh(family="enterprises")  # the first is open
    second_connection.commit()
    assert figures.family_refresh(family="enterprises")
    assert enterprise_count(scope=Scope.province()) == 2


COOPERATIVE_WRITE = "UPDATE cooperatives_cooperative SET name = name WHERE id = %s"


@pytest.mark.django_db(transaction=True)
def test_writers_of_two_families_in_opposite_orders_do_not_deadlock(
    second_connection, third_connection
):
    """Each writes its own rows: only the families are shared. With a row lock per
    family each would have waited for the other."""
    second_connection.execute("SET lock_timeout = '2s'")
    second_connection.commit()
    enterprises = EnterpriseFactory(), EnterpriseFactory()
    cooperatives = CooperativeFactory(), CooperativeFactory()
    assert figures.family_refresh(family="enterprises")
    assert figures.family_refresh(family="registry")

    second_connection.execute(WRITE, [enterprises[0].pk])
    third_connection.execute(COOPERATIVE_WRITE, [cooperatives[1].pk])
    second_connection.execute(COOPERATIVE_WRITE, [cooperatives[0].pk])
    third_connection.execute(WRITE, [enterprises[1].pk])
    second_connection.commit()
    third_connection.commit()

    current = figures.families_current()
    assert not current["registry"]
    assert not current["enterprises"]
    assert enterprise_count(scope=Scope.province()) is None


@pytest.mark.django_db(transaction=True)
def test_the_dirty_families_are_refreshed_and_then_left_alone():
    EnterpriseFactory()

    first = tasks.figures_refresh_dirty_task()
    second = tasks.figures_refresh_dirty_task()

    assert set(first) == set(settings_families())
    assert second == []
    assert all(figures.families_current().values())
    before = FigureFamily.objects.get(family="enterprises").clean_at
    assert tasks.figures_refresh_task("enterprises", []) is True
    after = FigureFamily.objects.get(family="enterprises").clean_at
    assert after == _touched("enterprises") > before


def settings_families() -> list[str]:
    return list(settings.FIGURE_FAMILIES)


@pytest.mark.django_db
def test_a_stale_read_asks_for_one_refresh_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        found = figures.figures_read("enterprises", ["counts"])

    assert found == {}
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_a_stale_read_has_a_real_worker_refresh_the_family():
    EnterpriseFactory()
    cache.delete("figures:refresh:enterprises")

    with thread_worker():
        assert enterprise_count(scope=Scope.province()) is None  # enqueues, no atomic
        wait_for(lambda: _current("enterprises"), seconds=30)

    assert enterprise_count(scope=Scope.province()) == 1
