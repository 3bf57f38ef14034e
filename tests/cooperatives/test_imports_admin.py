import os

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


def test_deleting_a_finished_job_in_the_admin_removes_its_files(
    staff_client, django_capture_on_commit_callbacks
):
    rows = [enterprise_row(1), enterprise_row(2, kbli="x")]
    staff_client.post(
        f"{URL}add/",
        {"kind": "enterprises", "file": csv_file(rows), "skip_invalid": "on"},
    )
    job = import_run(job_id=ImportJob.objects.get().pk)
    errors_path = job.errors_file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{URL}{job.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    assert not os.path.exists(errors_path)


def test_a_queued_job_cannot_be_deleted_in_the_admin(staff_client):
    staff_client.post(
        f"{URL}add/", {"kind": "enterprises", "file": csv_file([enterprise_row(1)])}
    )
    job = ImportJob.objects.get()

    response = staff_client.post(f"{URL}{job.pk}/delete/", {"post": "yes"}, follow=True)

    assert ImportJob.objects.filter(pk=job.pk).exists()
    assert "sedang diproses tidak dapat dihapus" in response.content.decode()
    assert job.file.storage.exists(job.file.name)
