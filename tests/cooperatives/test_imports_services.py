import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cooperatives.models import (
    Cooperative,
    Enterprise,
    ImportJob,
    Person,
    PersonReconciliation,
)
from cooperatives.services.imports import import_request, import_run
from tests.factories import (
    CooperativeFactory,
    EnterpriseFactory,
    PersonFactory,
    district,
)

pytestmark = pytest.mark.django_db

HEADER = ["nib", "name", "owner_nik", "owner_name", "district", "sub_district",
          "kbli", "business_capital", "annual_revenue", "employees"]  # fmt: skip


def nik(n: int) -> str:
    return f"647203120580{n:04d}"


def enterprise_row(n: int, **changes) -> dict:
    row = {"nib": f"{n:013d}", "name": f"Usaha {n}", "owner_nik": nik(n),
           "owner_name": f"Pemilik {n}", "district": "64.72",
           "sub_district": "64.72.01", "kbli": "10794",
           "business_capital": "50000000", "annual_revenue": "300000000",
           "employees": "3"}  # fmt: skip
    row.update(changes)
    return row


def csv_file(rows: list[dict], header=HEADER, name="umkm.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(key, "") for key in header])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"))


def run(kind="enterprises", file=None, district_code=None, **options) -> ImportJob:
    job = import_request(
        kind=kind, file=file, district=district(district_code) if district_code else None,
        by=None, **options,
    )  # fmt: skip
    return import_run(job_id=job.pk)


def rejected(job: ImportJob) -> list[dict]:
    job.errors_file.open("rb")
    text = job.errors_file.read().decode("utf-8-sig")
    job.errors_file.close()
    return list(csv.DictReader(io.StringIO(text)))


def test_import_creates_enterprises_and_their_owners_encrypted():
    rows = [enterprise_row(n) for n in range(1, 4)]

    job = run(file=csv_file(rows))

    assert (job.status, job.rows, job.created, job.updated, job.skipped) == (
        "done", 3, 3, 0, 0)  # fmt: skip
    enterprise = Enterprise.objects.get(nib=rows[0]["nib"])
    assert enterprise.owner.nik == nik(1)
    assert enterprise.owner_name == "Pemilik 1"
    assert enterprise.scale == "micro"
    assert enterprise.sub_district_id == "64.72.01"
    assert Person.objects.get_by_nik(nik(2)).name == "Pemilik 2"
    assert enterprise.history.count() == 1
    assert not job.errors_file


def test_reimport_changes_nothing_and_a_changed_row_is_updated():
    rows = [enterprise_row(n) for n in range(1, 4)]
    run(file=csv_file(rows))

    again = run(file=csv_file(rows))
    rows[1]["employees"] = "9"
    changed = run(file=csv_file(rows))

    assert (again.created, again.updated) == (0, 0)
    assert (changed.created, changed.updated) == (0, 1)
    assert Enterprise.objects.get(nib=rows[1]["nib"]).employees == 9
    assert Enterprise.objects.count() == 3


def test_all_or_nothing_keeps_nothing_when_a_row_is_bad():
    rows = [enterprise_row(1), enterprise_row(2, kbli="12"), enterprise_row(3)]

    job = run(file=csv_file(rows))

    assert job.status == "failed"
    assert (job.rows, job.created, job.skipped) == (3, 0, 1)
    assert Enterprise.objects.count() == 0
    assert Person.objects.count() == 0
    errors = rejected(job)
    assert [row["nib"] for row in errors] == [rows[1]["nib"]]
    assert errors[0]["reason"].startswith("kbli: ")


def test_skip_invalid_keeps_the_valid_rows_and_reports_every_bad_one():
    rows = [enterprise_row(1), enterprise_row(2, owner_nik="123"),
            enterprise_row(3, district="99.99"), enterprise_row(1, name="Lagi"),
            enterprise_row(4)]  # fmt: skip

    job = run(file=csv_file(rows), skip_invalid=True)

    assert (job.status, job.rows, job.created, job.skipped) == ("done", 5, 2, 3)
    reasons = [row["reason"] for row in rejected(job)]
    assert reasons[0].startswith("owner_nik")
    assert reasons[1].startswith("district")
    assert reasons[2].startswith("nib")
    assert set(Enterprise.objects.values_list("name", flat=True)) == {
        "Usaha 1",
        "Usaha 4",
    }


def test_dry_run_writes_nothing_but_counts():
    job = run(file=csv_file([enterprise_row(1), enterprise_row(2)]), dry_run=True)

    assert (job.status, job.created) == ("done", 2)
    assert Enterprise.objects.count() == 0
    assert Person.objects.count() == 0


def test_district_job_rejects_rows_of_another_district():
    elsewhere = EnterpriseFactory(nib="0000000000009", district=district("64.71"))
    rows = [enterprise_row(1), enterprise_row(2, district="64.71", sub_district=""),
            enterprise_row(9, nib=elsewhere.nib)]  # fmt: skip

    job = run(file=csv_file(rows), district_code="64.72", skip_invalid=True)

    assert (job.created, job.updated, job.skipped) == (1, 0, 2)
    elsewhere.refresh_from_db()
    assert elsewhere.name != "Usaha 9"


def test_known_owner_with_another_name_is_queued_for_staff():
    person = PersonFactory(nik=nik(5), name="Nama Asli")

    run(file=csv_file([enterprise_row(5, owner_name="Nama Lain")]))

    enterprise = Enterprise.objects.get()
    assert enterprise.owner == person
    assert enterprise.owner_name == "Nama Lain"
    item = PersonReconciliation.objects.get()
    assert (item.person, item.supplied_name) == (person, "Nama Lain")


def test_indonesian_headers_semicolons_and_xlsx():
    header = ["NIB", "Nama Usaha", "NIK Pemilik", "Nama Pemilik", "Kabupaten/Kota",
              "Kode KBLI", "Modal Usaha", "Hasil Penjualan Tahunan"]  # fmt: skip
    book = Workbook()
    book.active.append(header)
    book.active.append(["0000000000001", "Warung", nik(1), "Ani", "64.72", 10794,
                        50000000, 300000000.5])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    semicolons = (
        ";".join(header)
        + "\n0000000000002;Toko;"
        + nik(2)
        + ";Budi;Kota Samarinda;10794;Rp1.000.000,50;\n"
    )

    xlsx = run(file=SimpleUploadedFile("a.xlsx", out.getvalue()))
    text = run(file=SimpleUploadedFile("b.csv", semicolons.encode()))

    assert (xlsx.status, xlsx.created, text.status, text.created) == (
        "done",
        1,
        "done",
        1,
    )
    assert Enterprise.objects.get(nib="0000000000001").kbli == "10794"
    second = Enterprise.objects.get(nib="0000000000002")
    assert (second.district_id, str(second.business_capital)) == ("64.72", "1000000.50")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "kosong"),
        (b"\x00\x01binary", "bukan CSV"),
        (b"PK\x03\x04garbage", "bukan XLSX"),
        (b"foo,bar\n1,2\n", "Kolom wajib"),
        ("nib,name\n".encode("utf-16"), "bukan CSV"),
    ],
)
def test_bad_file_is_refused_before_any_job(content, message):
    with pytest.raises(ValidationError) as error:
        import_request(kind="enterprises", file=SimpleUploadedFile("x.csv", content),
                       district=None, by=None)  # fmt: skip

    assert message in " ".join(error.value.message_dict["file"])
    assert ImportJob.objects.count() == 0


def test_cooperatives_upsert_by_nik_koperasi():
    existing = CooperativeFactory(nik="6472000000000001", name="Lama")
    header = ["nik", "name", "kind", "district", "cluster", "phone", "established_on"]
    rows = [
        {"nik": existing.nik, "name": "Baru", "kind": "Konsumen", "district": "64.72",
         "phone": "0812 3456 7890", "established_on": "31/12/2001"},
        {"nik": "6472000000000002", "name": "Kedua", "kind": "savings_and_loan",
         "district": "64.72", "cluster": "kud"},
    ]  # fmt: skip

    job = run("cooperatives", csv_file(rows, header))

    assert (job.status, job.created, job.updated) == ("done", 1, 1), job.failure
    existing.refresh_from_db()
    assert (existing.name, existing.phone) == ("Baru", "+6281234567890")
    assert str(existing.established_on) == "2001-12-31"
    assert Cooperative.objects.get(nik="6472000000000002").kind == "savings_and_loan"


def test_a_finished_job_is_not_run_twice():
    job = run(file=csv_file([enterprise_row(1)]))

    assert import_run(job_id=job.pk) is None
    assert import_run(job_id=0) is None


def test_a_name_without_nik_renames_the_owner_on_this_enterprise_only():
    enterprise = EnterpriseFactory(nib="0000000000007", owner_name="Lama")
    header = ["nib", "name", "owner_name", "district", "kbli"]
    row = {"nib": enterprise.nib, "name": enterprise.name, "owner_name": "Baru",
           "district": "64.72", "kbli": enterprise.kbli}  # fmt: skip

    job = run(file=csv_file([row], header))

    enterprise.refresh_from_db()
    assert (job.updated, enterprise.owner_name) == (1, "Baru")
    item = PersonReconciliation.objects.get()
    assert (item.person_id, item.supplied_name) == (enterprise.owner_id, "Baru")


def test_the_api_export_imports_back_unchanged(staff_api):
    cooperative = CooperativeFactory()
    EnterpriseFactory.create_batch(
        3, cooperative=cooperative, sub_district_id="64.72.01"
    )
    exported = b"".join(
        staff_api.get("/api/v1/enterprises/export.csv").streaming_content
    )

    job = run(file=SimpleUploadedFile("export.csv", exported))

    assert (job.status, job.rows, job.created, job.updated, job.skipped) == (
        "done", 3, 0, 0, 0)  # fmt: skip


def test_rejected_cells_come_back_formula_safe():
    job = run(file=csv_file([enterprise_row(1, name="=HYPERLINK(1)", kbli="x")]))

    assert rejected(job)[0]["name"] == "'=HYPERLINK(1)"


def test_a_district_job_cannot_touch_another_districts_cooperative():
    CooperativeFactory(nik="6471000000000001", district=district("64.71"))
    header = ["nik", "name", "kind", "district"]
    rows = [{"nik": "6471000000000001", "name": "Ambil", "kind": "consumer",
             "district": "64.72"}]  # fmt: skip

    job = run("cooperatives", csv_file(rows, header), district_code="64.72")

    assert (job.status, job.updated, job.skipped) == ("failed", 0, 1)
    assert "luar wilayah" in rejected(job)[0]["reason"]
    assert Cooperative.objects.get(nik="6471000000000001").name != "Ambil"


def test_the_upload_is_deleted_when_its_job_ends():
    job = import_request(kind="enterprises", file=csv_file([enterprise_row(1)]),
                         district=None, by=None)  # fmt: skip
    stored = job.file.path

    job = import_run(job_id=job.pk)

    assert job.status == "done"
    assert not job.file
    assert not __import__("os").path.exists(stored)
