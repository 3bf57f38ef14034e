"""The admin's import and export of the registry: the changelist's "Impor" leads to
the background import (the pipeline the API uses; django-import-export's own
import is gone), the export is in Indonesian (headers, choice labels with their
codes beside, a sheet named for its content), read through the selectors, and a
file it writes imports back through the pipeline without an error."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperatives.models import Cooperative, Enterprise, ImportJob
from cooperatives.services.imports import import_request, import_run
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/cooperatives/{model}/"
UPLOAD = "/admin/cooperatives/importjob/add/"
KINDS = [("cooperative", "cooperatives"), ("enterprise", "enterprises")]


def admin_export(client, model: str, fmt: str, query: str = "") -> bytes:
    url = f"/admin/cooperatives/{model}/export/{query}"
    form = client.get(url).context["form"]
    index = next(
        value for value, label in form.fields["format"].choices if label == fmt
    )
    data = {"format": index, "resource": 0}
    data |= {name: "on" for name in form.fields if name.startswith(model)}
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def registry_rows():
    cooperative = CooperativeFactory(
        nik="6472000000001001",
        name="KSP Mahakam Sejahtera",
        kind=Cooperative.Kind.SAVINGS_AND_LOAN,
        management=Cooperative.Management.SHARIA,
        sub_district_id="64.72.03",
        phone="0812-3456-7890",
        legal_entity_date=datetime.date(2019, 8, 17),
        established_on=datetime.date(2019, 1, 5),
    )
    EnterpriseFactory(
        nib="9120001234567",
        name="Amplang Bu Siti",
        owner=PersonFactory(nik="6472035205800007", name="Siti Aminah"),
        owner_name="Siti Aminah",
        cooperative=cooperative,
        sub_district_id="64.72.03",
        business_capital=Decimal("1250000.50"),
        kbli_version=Enterprise.KbliVersion.V2025,
        employees=4,
    )


# --- Import: through the pipeline -------------------------------------------------


@pytest.mark.parametrize(("model", "kind"), KINDS)
def test_the_changelists_import_button_opens_the_pipelines_upload_for_its_kind(
    staff_client, model, kind
):
    changelist = staff_client.get(CHANGELIST.format(model=model)).content.decode()
    import_url = f"/admin/cooperatives/{model}/import/"

    response = staff_client.get(import_url)
    upload = staff_client.get(response["Location"])

    assert f'href="{import_url}"' in changelist
    assert ">Impor<" in changelist
    assert response.status_code == 302
    assert response["Location"] == f"{UPLOAD}?kind={kind}"
    assert upload.context["form"]["kind"].value() == kind


@pytest.mark.parametrize(("model", "_kind"), KINDS)
def test_django_import_exports_own_import_is_not_reachable(staff_client, model, _kind):
    upload = SimpleUploadedFile("k.csv", b"nik,name\n1,x\n", "text/csv")

    posted = staff_client.post(
        f"/admin/cooperatives/{model}/import/", {"import_file": upload}
    )
    processed = staff_client.post(f"/admin/cooperatives/{model}/process_import/", {})

    assert posted.status_code == 302  # to the upload page, nothing read
    assert processed.status_code in (302, 404)
    assert not processed.get("Location", "").endswith("/process_import/")
    assert not ImportJob.objects.exists()
    assert Cooperative.objects.count() == 0


def test_the_upload_page_queues_a_job_for_the_chosen_kind(staff_client, staff_user):
    content = "NIK koperasi,nama koperasi,jenis koperasi,kabupaten/kota\n"
    content += "6472000000001001,KSP Mahakam,Simpan Pinjam,64.72\n"
    upload = SimpleUploadedFile("koperasi.csv", content.encode(), "text/csv")

    response = staff_client.post(
        f"{UPLOAD}?kind=cooperatives",
        {"kind": "cooperatives", "file": upload, "dry_run": "on"},
    )

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.kind, job.dry_run, job.by) == ("cooperatives", True, staff_user)
    assert Cooperative.objects.count() == 0  # the worker writes, through the loader


# --- Export: in Indonesian -----------------------------------------------------------


def test_cooperative_export_has_indonesian_headers_labels_and_codes(staff_client):
    registry_rows()

    [row] = csv_rows(admin_export(staff_client, "cooperative", "csv"))

    assert row["NIK koperasi"] == "6472000000001001"
    assert row["nama koperasi"] == "KSP Mahakam Sejahtera"
    assert row["jenis koperasi"] == "Simpan Pinjam"
    assert row["kode jenis koperasi"] == "savings_and_loan"
    assert row["pola pengelolaan"] == "Syariah"
    assert row["kode pola pengelolaan"] == "sharia"
    assert row["kabupaten/kota"] == district("64.72").name
    assert row["kode kabupaten/kota"] == "64.72"
    assert row["kode kecamatan"] == "64.72.03"
    assert row["tanggal badan hukum pendirian"] == "2019-08-17"
    assert not [h for h in row if h in Cooperative.RECORD_FIELDS]  # no English


def test_enterprise_export_has_indonesian_headers_and_scale_label(staff_client):
    registry_rows()

    [row] = csv_rows(admin_export(staff_client, "enterprise", "csv"))

    assert row["NIB"] == "9120001234567"
    assert row["nama usaha"] == "Amplang Bu Siti"
    assert row["NIK pemilik"] == "6472035205800007"
    assert row["nama pemilik"] == "Siti Aminah"
    assert row["NIK koperasi"] == "6472000000001001"
    assert row["skala usaha"] == "Mikro"
    assert row["kode skala usaha"] == "micro"


@pytest.mark.parametrize(
    ("model", "sheet"), [("cooperative", "Koperasi"), ("enterprise", "UMKM")]
)
def test_xlsx_export_sheet_is_named_after_its_content(staff_client, model, sheet):
    registry_rows()

    content = admin_export(staff_client, model, "xlsx")

    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == [sheet]


def test_export_page_is_in_indonesian_and_labels_fields_by_their_header(
    staff_client,
):
    page = staff_client.get("/admin/cooperatives/cooperative/export/")

    html = page.content.decode()
    assert "Pilih semua" in html
    assert "jenis koperasi" in html
    assert "onchange=" not in html
    assert "Select all" not in html


def test_export_keeps_the_changelists_filter(staff_client):
    CooperativeFactory(name="Di Samarinda")
    CooperativeFactory(name="Di Balikpapan", district=district("64.71"))

    rows = csv_rows(
        admin_export(staff_client, "cooperative", "csv", "?district__code__exact=64.71")
    )

    assert [row["nama koperasi"] for row in rows] == ["Di Balikpapan"]


@pytest.mark.parametrize("model", ["cooperative", "enterprise"])
def test_export_queries_do_not_grow_with_rows(
    staff_client, django_assert_max_num_queries, model
):
    for _ in range(3):
        registry_rows_n = EnterpriseFactory(
            cooperative=CooperativeFactory(), sub_district_id="64.72.03"
        )
    assert registry_rows_n
    form = staff_client.get(f"/admin/cooperatives/{model}/export/").context["form"]
    data = {"format": 0, "resource": 0}
    data |= {name: "on" for name in form.fields if name.startswith(model)}

    with django_assert_max_num_queries(20):
        response = staff_client.post(f"/admin/cooperatives/{model}/export/", data)

    assert response.status_code == 200


# --- Round trip: an export imports back through the pipeline -------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("model", "kind"), KINDS)
def test_an_export_imports_back_through_the_pipeline_without_errors(
    staff_client, staff_user, model, kind, fmt
):
    registry_rows()
    CooperativeFactory(nik="6472000000001002", cluster=None)  # blank references
    content = admin_export(staff_client, model, fmt)
    upload = SimpleUploadedFile(f"ekspor.{fmt}", content)

    job = import_request(
        kind=kind, file=upload, dry_run=True, district=None, by=staff_user
    )
    job = import_run(job_id=job.pk)

    exported_rows = Cooperative.objects.count() if kind == "cooperatives" else 1
    assert job.status == ImportJob.Status.DONE, job.failure
    assert not job.errors_file
    assert (job.rows, job.skipped, job.created) == (exported_rows, 0, 0)
