import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.models import Enterprise, ImportJob
from tests.cooperatives.test_imports_services import csv_file, enterprise_row
from tests.workers import thread_worker

URL = "/api/v1/imports/"


def poll(client, job_id: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = client.get(f"{URL}{job_id}/").json()
        if data["status"] in ("done", "failed"):
            return data
        time.sleep(0.3)
    raise AssertionError(f"job still {data['status']}")


@pytest.mark.django_db(transaction=True)
def test_district_import_runs_in_a_real_worker_and_reports_rejected_rows(
    samarinda_api,
):
    rows = [enterprise_row(1), enterprise_row(2, district="64.71", sub_district=""),
            enterprise_row(3, kbli="x"), enterprise_row(4)]  # fmt: skip

    with thread_worker():
        response = samarinda_api.post(
            URL,
            {"kind": "enterprises", "file": csv_file(rows), "skip_invalid": "true"},
            format="multipart",
        )
        assert response.status_code == 202, response.json()
        data = poll(samarinda_api, response.json()["id"])

    assert data["status"] == "done", data
    assert (data["rows"], data["created"], data["updated"], data["skipped"]) == (
        4, 2, 0, 2)  # fmt: skip
    assert data["progress"] == 100
    assert data["district"] == "64.72"
    errors = samarinda_api.get(data["errors_url"])
    assert errors.status_code == 200
    text = b"".join(errors.streaming_content).decode("utf-8-sig")
    reader = list(csv.DictReader(io.StringIO(text)))
    assert [row["nib"] for row in reader] == [rows[1]["nib"], rows[2]["nib"]]
    assert reader[0]["reason"] == "district: Kabupaten/kota ini di luar wilayah Anda."
    assert set(Enterprise.objects.values_list("district", flat=True)) == {"64.72"}


@pytest.mark.django_db(transaction=True)
def test_all_or_nothing_and_dry_run_through_the_worker(staff_api):
    bad = [enterprise_row(1), enterprise_row(2, owner_nik="")]

    with thread_worker():
        failed = staff_api.post(URL, {"kind": "enterprises", "file": csv_file(bad)})
        failed = poll(staff_api, failed.json()["id"])
        dry = staff_api.post(
            URL,
            {"kind": "enterprises", "file": csv_file([enterprise_row(1)]),
             "dry_run": True},
        )  # fmt: skip
        dry = poll(staff_api, dry.json()["id"])

    assert (failed["status"], failed["created"], failed["skipped"]) == ("failed", 0, 1)
    assert failed["error"]
    assert failed["errors_url"]
    assert (dry["status"], dry["created"], dry["errors_url"]) == ("done", 1, None)
    assert Enterprise.objects.count() == 0


@pytest.mark.django_db
def test_bad_file_is_a_400_naming_the_file(staff_api):
    response = staff_api.post(
        URL, {"kind": "enterprises", "file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}
    )

    assert response.status_code == 400
    assert "Kolom wajib" in " ".join(response.json()["file"])
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"kind": "people"},
        {"kind": ["enterprises", "cooperatives"]},
        {"kind": "enterprises", "file": "not a file"},
        {"kind": "enterprises", "dry_run": "maybe"},
        {"kind": "\x00" * 10_000},
        {},
    ],
)
def test_fuzzed_fields_are_400s(staff_api, data):
    if "file" not in data and data.get("kind") == "enterprises":
        data["file"] = csv_file([enterprise_row(1)])

    response = staff_api.post(URL, data)

    assert response.status_code == 400
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
def test_jobs_are_scoped_and_anonymous_callers_cannot_import(
    samarinda_api, balikpapan_api, client
):
    created = samarinda_api.post(
        URL, {"kind": "enterprises", "file": csv_file([enterprise_row(1)])}
    )
    job_id = created.json()["id"]

    other = balikpapan_api.get(f"{URL}{job_id}/")
    listed = balikpapan_api.get(URL).json()
    anonymous = client.post(URL, {"kind": "enterprises"})

    assert created.status_code == 202
    assert other.status_code == 404
    assert listed["count"] == 0
    assert samarinda_api.get(URL).json()["count"] == 1
    assert anonymous.status_code in (401, 403)
    assert reverse("api:import-detail", args=[job_id]) == f"{URL}{job_id}/"
