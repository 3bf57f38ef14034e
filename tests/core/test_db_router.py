"""The database router: report builders and the dashboard read from the `replica`
alias when one is configured and switched on; writes and other reads stay on
default. The test settings' `replica` mirrors the test database (TEST MIRROR), so
the data must be committed (transactional tests) for the replica to see it."""

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative, Enterprise
from core.db_router import primary_reads, replica_reads
from reports import services
from reports.models import ReportRun
from tests.factories import AnnualReportFactory, EnterpriseFactory, StaffFactory


@pytest.fixture
def replica_on(settings):
    settings.REPORTS_READ_FROM_REPLICA = True


# The router opens the replica's connection before sending it the first read.
@pytest.mark.django_db(databases=["default", "replica"])
def test_router_sends_report_reads_to_the_replica_only_inside_replica_reads(
    replica_on,
):
    assert router.db_for_read(Cooperative) == "default"
    with replica_reads():
        assert router.db_for_read(Cooperative) == "replica"
        assert router.db_for_write(Cooperative) == "default"
        with primary_reads():
            assert router.db_for_read(Cooperative) == "default"
        assert router.db_for_read(Enterprise) == "replica"
    assert router.db_for_read(Cooperative) == "default"


def test_without_a_replica_everything_reads_default(settings):
    settings.REPORTS_READ_FROM_REPLICA = False
    with replica_reads():
        assert router.db_for_read(Cooperative) == "default"


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "cooperatives") is False
    assert router.allow_migrate("default", "cooperatives") is True


def _tables(ctx) -> str:
    return " ".join(query["sql"] for query in ctx.captured_queries)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_report_run_reads_its_data_on_the_replica_and_writes_on_default(
    replica_on,
):
    AnnualReportFactory()
    EnterpriseFactory()
    staff = StaffFactory()
    run = services.report_request(
        kind="enterprise_recap", format="csv", year=2025, district=None, by=staff
    )

    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as default,
    ):
        done = services.report_generate(run_id=run.pk)

    assert done.status == ReportRun.Status.DONE
    assert "cooperatives_enterprise" in _tables(replica)
    assert "cooperatives_enterprise" not in _tables(default)
    # Reads only (DECLARE: the server-side cursor of a streamed section).
    assert all(
        q["sql"].lstrip().startswith(("SELECT", "DECLARE"))
        for q in replica.captured_queries
    )
    assert 'UPDATE "reports_reportrun"' in _tables(default)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_dashboard_reads_its_figures_on_the_replica(replica_on, client):
    AnnualReportFactory()
    client.force_login(StaffFactory())

    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as default,
    ):
        response = client.get("/dashboard/")

    assert response.status_code == 200
    assert "cooperatives_cooperative" in _tables(replica)
    assert "cooperatives_annualreport" in _tables(replica)
    assert "cooperatives_cooperative" not in _tables(default)
