"""The report runs' admin deletes through `report_run_delete`: the run's file goes
with it, and a run still queued or running stays."""

import os

import pytest

from reports import services
from reports.models import ReportRun
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _done_run():
    EnterpriseFactory()
    run = services.report_request(
        kind="enterprise_recap", format="csv", year=2025, district=None, by=None
    )
    return services.report_generate(run_id=run.pk)


def test_deleting_a_done_run_in_the_admin_removes_its_file(
    staff_client, django_capture_on_commit_callbacks
):
    run = _done_run()
    path = run.file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/reports/reportrun/{run.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not ReportRun.objects.filter(pk=run.pk).exists()
    assert not os.path.exists(path)


@pytest.mark.parametrize("status", [ReportRun.Status.QUEUED, ReportRun.Status.RUNNING])
def test_a_queued_or_running_run_cannot_be_deleted_in_the_admin(staff_client, status):
    run = ReportRun.objects.create(
        kind="enterprise_recap", format="csv", year=2025, status=status
    )

    response = staff_client.post(
        f"/admin/reports/reportrun/{run.pk}/delete/", {"post": "yes"}, follow=True
    )

    assert ReportRun.objects.filter(pk=run.pk).exists()
    assert "sedang dibuat tidak dapat dihapus" in response.content.decode()


def test_bulk_delete_of_runs_goes_row_by_row_through_the_service(staff_client):
    done = _done_run()
    queued = ReportRun.objects.create(kind="enterprise_recap", format="csv", year=2025)

    staff_client.post(
        "/admin/reports/reportrun/",
        {
            "action": "delete_selected",
            "_selected_action": [done.pk, queued.pk],
            "post": "yes",
        },
    )

    assert list(ReportRun.objects.values_list("pk", flat=True)) == [queued.pk]
