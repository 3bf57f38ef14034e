"""The read replica, for real: a PostgreSQL streaming standby of the test primary
(pg_basebackup -R, started by scripts/with_replica.py). Reports and the dashboard
read from it; writes and a user's reads right after their own write stay on the
primary; with the standby stopped the portal keeps serving from the primary and
/healthz names the replica as down."""

import time

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Cooperative
from core.db_router import replica_reads, request_reads
from core.middleware import ReplicaStickinessMiddleware
from reports import services
from reports.models import ReportRun
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    StaffFactory,
)

from .conftest import primary_lsn, replay_paused, replayed, scalar, wait_for_replay

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _sql(ctx) -> str:
    return " ".join(query["sql"] for query in ctx.captured_queries)


def _registered(response) -> int:
    return response.context["registry"]["key"]["total"]["value"]


def _dashboard(client):
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as default,
    ):
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return response, _sql(replica), _sql(default)


def test_the_replica_is_a_streaming_standby_of_the_primary():
    assert scalar("replica", "SELECT pg_is_in_recovery()") is True
    assert scalar("default", "SELECT pg_is_in_recovery()") is False
    assert scalar("replica", "SHOW port") != scalar("default", "SHOW port")
    assert (
        scalar(
            "default",
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
        )
        >= 1
    )
    # A row committed on the primary reaches the standby by replay.
    cooperative = CooperativeFactory()
    wait_for_replay()
    with replica_reads():
        assert router.db_for_read(Cooperative) == "replica"
        assert Cooperative.objects.filter(pk=cooperative.pk).exists()


def test_the_dashboard_reads_from_the_standby_what_it_has_replayed(client):
    AnnualReportFactory()
    client.force_login(StaffFactory())
    wait_for_replay()
    before, on_replica, on_default = _dashboard(client)
    assert "cooperatives_cooperative" in on_replica
    assert "cooperatives_annualreport" in on_replica
    assert "cooperatives_cooperative" not in on_default

    with replay_paused():
        CooperativeFactory()
        lsn = primary_lsn()
        assert not replayed(lsn)
        frozen, _, _ = _dashboard(client)
        # The standby has not applied the new cooperative: neither has the page.
        assert _registered(frozen) == _registered(before)
    wait_for_replay()
    after, on_replica, _ = _dashboard(client)
    assert "cooperatives_cooperative" in on_replica
    assert _registered(after) == _registered(before) + 1


def test_a_report_run_reads_the_standby_and_writes_the_primary():
    AnnualReportFactory()
    EnterpriseFactory()
    run = services.report_request(
        kind="enterprise_recap", format="csv", year=2025, district=None,
        by=StaffFactory(),
    )  # fmt: skip
    wait_for_replay()
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as default,
    ):
        done = services.report_generate(run_id=run.pk)
    assert done.status == ReportRun.Status.DONE
    assert "cooperatives_enterprise" in _sql(replica)
    assert "cooperatives_enterprise" not in _sql(default)
    assert 'UPDATE "reports_reportrun"' in _sql(default)
    wait_for_replay()
    with replica_reads():
        assert ReportRun.objects.get(pk=run.pk).status == ReportRun.Status.DONE


def test_after_a_write_the_same_request_reads_the_primary():
    with replay_paused():
        with request_reads() as state, replica_reads():
            assert router.db_for_read(Cooperative) == "replica"
            cooperative = CooperativeFactory()  # a write the standby does not apply
            assert state.wrote
            assert router.db_for_read(Cooperative) == "default"
            assert Cooperative.objects.filter(pk=cooperative.pk).exists()
        with replica_reads():  # another request (or a worker): the standby, behind
            assert not Cooperative.objects.filter(pk=cooperative.pk).exists()


def test_after_a_write_the_same_browser_reads_the_primary_for_a_while(client, settings):
    settings.REPLICA_STICKY_SECONDS = 2
    client.force_login(StaffFactory())
    before, _, _ = _dashboard(client)
    with replay_paused():
        CooperativeFactory()  # someone else's write, not replayed on the standby
        response = client.post(
            reverse("portal:recaps"),
            {"kind": "cooperative_recap", "year": timezone.localdate().year,
             "format": "csv"},
        )  # fmt: skip
        assert response.status_code == 302
        assert ReplicaStickinessMiddleware.COOKIE in response.cookies
        sticky, on_replica, on_default = _dashboard(client)
        # Read on the primary: the page already counts the cooperative.
        assert on_replica == ""
        assert "cooperatives_cooperative" in on_default
        assert _registered(sticky) == _registered(before) + 1
        time.sleep(settings.REPLICA_STICKY_SECONDS + 1.1)
        later, on_replica, _ = _dashboard(client)
        # The stickiness has run out: the standby again, still paused.
        assert "cooperatives_cooperative" in on_replica
        assert _registered(later) == _registered(before)


def test_with_the_standby_down_the_portal_serves_from_the_primary(
    client, settings, standby
):
    settings.REPLICA_RETRY_SECONDS = 0
    client.force_login(StaffFactory())
    assert client.get("/healthz").json() == {
        "database": "ok",
        "redis": "ok",
        "replica": "ok",
    }
    standby.stop()
    cooperative = CooperativeFactory()

    response, on_replica, on_default = _dashboard(client)
    assert on_replica == ""
    assert "cooperatives_cooperative" in on_default
    assert _registered(response) >= 1
    with replica_reads():
        assert Cooperative.objects.filter(pk=cooperative.pk).exists()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"database": "ok", "redis": "ok", "replica": "down"}

    standby.start()
    wait_for_replay()
    assert client.get("/healthz").json()["replica"] == "ok"
    _, on_replica, _ = _dashboard(client)
    assert "cooperatives_cooperative" in on_replica
