import time

import pytest

from reports import services
from reports.models import ReportRun
from tests.factories import CooperativeFactory
from tests.workers import thread_worker


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_produces_the_requested_report():
    CooperativeFactory()

    with thread_worker():
        run = services.report_request(
            kind="cooperative_recap", format="pdf", year=2025, district=None, by=None
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in (ReportRun.Status.DONE, ReportRun.Status.FAILED):
                break
            time.sleep(0.3)

    assert run.status == ReportRun.Status.DONE, run.failure
    assert run.file.read(5) == b"%PDF-"
