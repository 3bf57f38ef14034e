"""The stored figures (core.figures): exact values in JSON, a refresh that stores
only what no write overtook, against a second real connection holding a writer's
transaction open."""

from decimal import Decimal

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from accounts.scope import Scope
from cooperatives.selectors import enterprise_count
from cooperatives.selectors.figures import ENTERPRISES, Family
from core import figures, tasks
from core.models import FigureFamily, FigureSet
from tests.factories import EnterpriseFactory
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


@pytest.fixture
def second_connection():
    """A writer of its own: a second PostgreSQL session on the test database."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        yield other


def _clean(family: str) -> bool:
    return FigureFamily.objects.filter(family=family, dirty=False).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("clean_before", [False, True])
def test_a_refresh_leaves_the_family_dirty_while_a_writer_is_in_flight(
    second_connection, clean_before
):
    """Dirty before: the writer's UPDATE finds nothing to change and holds no row,
    so only the advisory lock keeps the refresh from marking the family clean."""
    enterprise = EnterpriseFactory()
    if clean_before:
        assert figures.family_refresh(family="enterprises")
    second_connection.execute(WRITE, [enterprise.pk])  # its transaction stays open

    refreshed = figures.family_refresh(family="enterprises")

    assert not refreshed
    second_connection.commit()
    assert not _clean("enterprises")
    assert enterprise_count(scope=Scope.province()) is None
    assert figures.family_refresh(family="enterprises")
    assert enterprise_count(scope=Scope.province()) == 1


def _write_during_compute(key: str, today):
    """The enterprises' figure, computed while another session writes and
    commits (after T1, before T2's check)."""
    rows = ENTERPRISES.compute(key, today)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute(
            "UPDATE cooperatives_enterprise SET name = 'Usaha Sela' "
            "WHERE id = (SELECT min(id) FROM cooperatives_enterprise)"
        )
    return rows


OVERTAKEN = Family(
    name="enterprises", keys=ENTERPRISES.keys, compute=_write_during_compute
)


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_during_the_computation_stops_the_store(settings):
    EnterpriseFactory()
    settings.FIGURE_FAMILIES = {
        **settings.FIGURE_FAMILIES,
        "enterprises": "tests.core.test_figures.OVERTAKEN",
    }

    refreshed = figures.family_refresh(family="enterprises")

    assert not refreshed
    assert not _clean("enterprises")
    assert not FigureSet.objects.filter(family="enterprises").exists()
    assert enterprise_count(scope=Scope.province()) is None  # counted live


@pytest.mark.django_db(transaction=True)
def test_a_writer_after_the_refresh_makes_the_figures_stale(second_connection):
    enterprise = EnterpriseFactory()
    assert figures.family_refresh(family="enterprises")
    assert _clean("enterprises")

    second_connection.execute(WRITE, [enterprise.pk])
    second_connection.commit()

    assert not _clean("enterprises")
    assert FigureSet.objects.get(family="enterprises").generation == 1


@pytest.mark.django_db(transaction=True)
def test_the_dirty_families_are_refreshed_and_then_left_alone():
    EnterpriseFactory()

    first = tasks.figures_refresh_dirty_task()
    second = tasks.figures_refresh_dirty_task()

    assert set(first) == set(settings_families())
    assert second == []
    assert tasks.figures_refresh_task("enterprises", []) is True
    assert FigureFamily.objects.get(family="enterprises").generation == 2


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
        wait_for(lambda: _clean("enterprises"), seconds=30)

    assert enterprise_count(scope=Scope.province()) == 1
