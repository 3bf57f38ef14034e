"""Workers write through the storage: a report a Celery worker (its own process,
with another MEDIA_ROOT) generates, and the rejected rows of an import it runs,
land in the bucket; the web side hands them out by a signed link."""

import csv
import io
import time

import pytest

from reports.models import ReportRun
from tests.cooperatives.test_imports_services import csv_file, enterprise_row
from tests.workers import WorkerProcess

from .conftest import fetch

REPORTS, IMPORTS = "/api/v1/reports/", "/api/v1/imports/"


def poll(client, url: str, seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = client.get(url).json()
        if data["status"] in ("done", "failed"):
            return data
        time.sleep(0.3)
    raise AssertionError(f"still {data['status']}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_writes_reports_and_rejected_rows_into_the_bucket(
    bucket, samarinda_api, balikpapan_api, tmp_path, monkeypatch
):
    worker_media = tmp_path / "worker-media"
    monkeypatch.setenv("MEDIA_ROOT", str(worker_media))
    rows = [enterprise_row(1), enterprise_row(2, kbli="x")]
    worker = WorkerProcess(email_dir=tmp_path / "mail")
    worker.start()
    try:
        run = samarinda_api.post(
            REPORTS,
            {"kind": "cooperative_recap", "format": "csv", "params": {"year": 2025}},
            format="json",
        ).json()
        job = samarinda_api.post(
            IMPORTS,
            {"kind": "enterprises", "file": csv_file(rows), "skip_invalid": "true"},
            format="multipart",
        ).json()
        report = poll(samarinda_api, f"{REPORTS}{run['id']}/")
        imported = poll(samarinda_api, f"{IMPORTS}{job['id']}/")
    finally:
        worker.stop()

    stored = ReportRun.objects.get(pk=run["id"]).file.name
    download = samarinda_api.get(f"{REPORTS}{run['id']}/download/")
    outsider = balikpapan_api.get(f"{REPORTS}{run['id']}/download/")
    errors = samarinda_api.get(imported["errors_url"])

    assert report["status"] == "done", report
    assert imported["status"] == "done", imported
    assert stored.startswith("reports/")
    # The upload was deleted at the job's end; the report and the rejects remain.
    assert bucket.keys() == {stored, f"imports/errors/import-{job['id']}-ditolak.csv"}
    assert not worker_media.exists()
    assert download.status_code == 302
    status, body, _headers = fetch(download["Location"])
    assert status == 200
    assert body == bucket.read(stored)
    assert "Kota Samarinda" in body.decode("utf-8-sig")
    assert (outsider.status_code, outsider.get("Location")) == (404, None)
    assert errors.status_code == 302
    status, body, headers = fetch(errors["Location"])
    rejected = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["nib"] for row in rejected] == [rows[1]["nib"]]
