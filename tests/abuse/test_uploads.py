"""Uploaded spreadsheets are checked before they are parsed: the format sniffed
from the bytes, an XLSX zip bomb refused without being expanded; a re-import of
the same file creates no duplicates."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperatives import services
from cooperatives.models import Cooperative, CooperativeRole, ImportJob
from cooperatives.services.imports import import_run
from tests.factories import CooperativeFactory, officer_of

pytestmark = pytest.mark.django_db

# The admin imports through the background pipeline's upload page.
ADMIN_IMPORT = "/admin/cooperatives/importjob/add/"
HEADER = "nik,name,kind,district,sub_district,phone,npwp,legal_entity_date\n"
ROW = "6472000000001001,KSP Mahakam,savings_and_loan,64.72,64.72.03,0812-3456-7890,,2019-08-17\n"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def _zip_bomb(expanded_mb: int = 150) -> bytes:
    """A small .xlsx whose sheet expands to `expanded_mb` MB of zeros, written in
    chunks so the test itself never holds it expanded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * (1024 * 1024)
            for _ in range(expanded_mb):
                sheet.write(chunk)
    return buffer.getvalue()


def _admin_import(client, upload):
    return client.post(ADMIN_IMPORT, {"kind": "cooperatives", "file": upload})


def test_xlsx_zip_bomb_is_refused_without_being_expanded(staff_client):
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024  # small on the wire

    tracemalloc.start()
    response = _admin_import(staff_client, _upload("koperasi.xlsx", bomb))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert peak < 40 * 1024 * 1024  # never inflated (it is 150 MB expanded)
    assert not ImportJob.objects.exists()
    assert not Cooperative.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("koperasi.csv", b"nik,name\x00\x01\x02", "bukan CSV atau XLSX"),
        ("koperasi.xlsx", b"PK\x03\x04 not really a zip", "bukan XLSX"),
    ],
)
def test_admin_import_content_is_sniffed_not_named(
    staff_client, name, content, message
):
    response = _admin_import(staff_client, _upload(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_admin_reimport_of_the_same_file_creates_no_duplicates(staff_client):
    content = (HEADER + ROW).encode()
    for _ in range(2):
        response = _admin_import(staff_client, _upload("koperasi.csv", content))
        assert response.status_code == 302
        import_run(job_id=ImportJob.objects.latest("pk").pk)

    assert ImportJob.objects.filter(status="done").count() == 2
    assert Cooperative.objects.filter(nik="6472000000001001").count() == 1


def test_member_import_refuses_binary_content_named_csv():
    cooperative = CooperativeFactory()
    with pytest.raises(ValidationError) as error:
        services.members_import_csv(
            cooperative_id=cooperative.pk,
            file=io.BytesIO(b"nik,nama\n\x00\x00\x00"),
        )

    assert "bukan CSV teks" in str(error.value)


def test_member_reimport_of_the_same_file_creates_no_duplicates(client):
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))
    content = (
        b"nik,nama,jenis_kelamin\n6472031205800101,Andi,L\n6472035205800102,Rina,P\n"
    )
    url = f"/portal/koperasi/{cooperative.pk}/orang/impor/"

    for _ in range(2):
        response = client.post(url, {"file": _upload("anggota.csv", content)})
        assert response.status_code == 302

    members = CooperativeRole.objects.filter(cooperative=cooperative, role="member")
    assert members.count() == 2
