import pytest

from cooperatives.models import ImportJob
from cooperatives.services.imports import import_run
from tests.cooperatives.test_imports_services import csv_file, enterprise_row

pytestmark = pytest.mark.django_db

URL = "/admin/cooperatives/importjob/"


def test_staff_upload_queues_a_job_and_the_list_links_its_rejected_rows(
    staff_client,
):
    rows = [enterprise_row(1), enterprise_row(2, kbli="x")]

    response = staff_client.post(
        f"{URL}add/",
        {"kind": "enterprises", "file": csv_file(rows), "skip_invalid": "on"},
    )
    job = import_run(job_id=ImportJob.objects.get().pk)
    listing = staff_client.get(URL)
    errors = staff_client.get(f"{URL}{job.pk}/errors/")

    assert response.status_code == 302
    assert (job.created, job.skipped, job.district_id) == (1, 1, None)
    assert f"{URL}{job.pk}/errors/" in listing.content.decode()
    assert b"".join(errors.streaming_content).decode("utf-8-sig").count("\n") == 2


def test_upload_page_shows_a_bad_file_next_to_the_field(staff_client):
    page = staff_client.get(f"{URL}add/")

    response = staff_client.post(
        f"{URL}add/", {"kind": "enterprises", "file": csv_file([], header=["x"])}
    )

    assert page.status_code == 200
    assert response.status_code == 200
    assert "Kolom wajib" in response.content.decode()
    assert ImportJob.objects.count() == 0
