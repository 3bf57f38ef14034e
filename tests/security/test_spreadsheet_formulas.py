"""No live formulas in any spreadsheet we write (issue 16, item 2): every CSV and
XLSX writer quotes text cells that start with `=`, `+`, `-`, `@`, a tab or a CR
with an apostrophe (OWASP, CSV Injection); numbers stay numbers. Each test fails
when its writer stops calling core.spreadsheet."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperatives.models import AnnualReport, Cooperative
from cooperatives.resources import CooperativeResource, EnterpriseResource
from cooperatives.services.imports import import_request, import_run
from core.spreadsheet import safe_cell, safe_cell_undo, safe_values
from reports import services as reports
from tests.factories import AnnualReportFactory, CooperativeFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
PHONE = "+6281234567890"
ADDRESS = "-5 Jl. Juanda"
MENTION = "@SUM(1+1)"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (FORMULA, "'" + FORMULA),
        (PHONE, "'" + PHONE),
        (ADDRESS, "'" + ADDRESS),
        (MENTION, "'" + MENTION),
        ("\tA1", "'\tA1"),
        ("\rA1", "'\rA1"),
        ("Koperasi =Maju", "Koperasi =Maju"),
        ("", ""),
        (None, None),
        (-5, -5),
        (Decimal("-15000.50"), Decimal("-15000.50")),
        (-0.25, -0.25),
    ],
)
def test_safe_cell_quotes_text_that_would_run_and_nothing_else(value, written):
    assert safe_cell(value) == written
    assert safe_cell_undo(safe_cell(value)) == value


# --- The API's CSV export (PostgreSQL COPY) ----------------------------------------


def _api_rows(api) -> list[dict]:
    response = api.get("/api/v1/enterprises/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_api_export_quotes_formulas_in_text_and_keeps_numbers(samarinda_api):
    # The export reads the enterprise's own record of its owner's name.
    enterprise = EnterpriseFactory(
        name=FORMULA,
        address=ADDRESS,
        employees=3,
        owner_name=PHONE,
    )

    [row] = _api_rows(samarinda_api)

    assert row["name"] == "'" + FORMULA
    assert row["address"] == "'" + ADDRESS
    assert row["owner_name"] == "'" + PHONE
    assert row["id"] == str(enterprise.pk)
    assert row["district"] == "64.72"
    assert row["business_capital"] == "50000000.00"
    assert row["employees"] == "3"


def test_the_exports_sql_quotes_text_columns_only():
    # Enterprises hold no negative number (a constraint); an RAT's surplus may.
    AnnualReportFactory(cooperative__name=FORMULA, surplus=Decimal("-5000.00"))
    lookups = ["cooperative__name", "surplus", "cooperative__district", "status"]

    rows = AnnualReport.objects.values_list(*safe_values(AnnualReport, lookups))

    assert list(rows) == [("'" + FORMULA, Decimal("-5000.00"), "64.72", "draft")]


# --- The admin's import-export -------------------------------------------------------


def _admin_export(client, model: str, format_label: str) -> bytes:
    url = f"/admin/cooperatives/{model}/export/"
    form = client.get(url).context["form"]
    index = next(
        value for value, label in form.fields["format"].choices if label == format_label
    )
    data = {"format": index, "resource": 0}
    data |= {name: "on" for name in form.fields if name.startswith(model)}
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content


def test_admin_csv_export_quotes_formulas_in_text(staff_client):
    CooperativeFactory(name=FORMULA, phone=PHONE, address=ADDRESS)

    content = _admin_export(staff_client, "cooperative", "csv")

    [row] = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert row["nama koperasi"] == "'" + FORMULA
    assert row["nomor telepon"] == "'" + PHONE
    assert row["alamat"] == "'" + ADDRESS


def test_admin_xlsx_export_writes_text_not_a_formula(staff_client):
    EnterpriseFactory(name=FORMULA)

    content = _admin_export(staff_client, "enterprise", "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(2, header.index("nama usaha") + 1)
    assert name.value == "'" + FORMULA
    assert name.data_type == "s"


@pytest.mark.parametrize("native", [False, True])  # CSV renders text, XLSX natives
def test_admin_exports_keep_a_negative_number_a_number(native):
    # Stored enterprises hold no negative amount (a constraint): one in memory.
    enterprise = EnterpriseFactory.build(
        name=FORMULA, business_capital=Decimal("-5000.00"), employees=-1
    )

    dataset = EnterpriseResource().export(
        queryset=[enterprise], force_native_type=native
    )

    row = dict(zip(dataset.headers, dataset[0], strict=True))
    capital, employees = row["modal usaha"], row["tenaga kerja"]
    assert row["nama usaha"] == "'" + FORMULA
    if native:
        assert (capital, employees) == (Decimal("-5000"), -1)
    else:
        assert not capital.startswith("'")
        assert Decimal(capital.replace(",", ".")) == Decimal("-5000")
        assert employees == "-1"


def test_admin_export_reimports_as_the_text_it_was(staff_user):
    # Through the import pipeline, as every import runs.
    CooperativeFactory(nik="6472000000001001", name=FORMULA, phone=PHONE)
    exported = CooperativeResource().export().export("csv")
    Cooperative.objects.all().delete()
    upload = SimpleUploadedFile("koperasi.csv", exported.encode("utf-8-sig"))

    job = import_request(kind="cooperatives", file=upload, district=None, by=staff_user)
    job = import_run(job_id=job.pk)

    assert job.created == 1
    assert Cooperative.objects.values_list("name", "phone").get() == (FORMULA, PHONE)


# --- Reports -------------------------------------------------------------------------


def _report(kind: str, fmt: str):
    # A report's year is the state at that year's end: the enterprise made today
    # is in this year's recap, the verified RAT of 2025 in 2025's.
    year = 2025 if kind == "cooperative_recap" else timezone.localdate().year
    run = reports.report_request(
        kind=kind, format=fmt, year=year, district=None, by=None
    )
    return reports.report_generate(run_id=run.pk)


@pytest.fixture
def formula_data():
    """An enterprise named like a formula, and a Samarinda cooperative whose verified
    RAT of 2025 had a loss (a negative surplus)."""
    AnnualReportFactory(
        fiscal_year=2025,
        rat_held_on=datetime.date(2026, 3, 1),
        status="verified",
        surplus=Decimal("-5000000.00"),
    )
    return EnterpriseFactory(name=FORMULA, nib="9120001234567")


def test_report_csv_quotes_formulas_in_text_and_keeps_numbers(formula_data):
    enterprises = _report("enterprise_recap", "csv")
    cooperatives = _report("cooperative_recap", "csv")

    with open(enterprises.file.path, encoding="utf-8-sig", newline="") as handle:
        [row] = [row for row in csv.reader(handle) if row[:1] == [formula_data.nib]]
    with open(cooperatives.file.path, encoding="utf-8-sig", newline="") as handle:
        surpluses = [row[5] for row in csv.reader(handle) if len(row) == 6]
    assert row[1] == "'" + FORMULA
    assert "-5000000.00" in surpluses


def test_report_xlsx_quotes_formulas_in_text_and_keeps_numbers(formula_data):
    enterprises = _report("enterprise_recap", "xlsx")
    cooperatives = _report("cooperative_recap", "xlsx")

    listing = openpyxl.load_workbook(enterprises.file.path).worksheets[-1]
    [row] = [
        row for row in listing.iter_rows(min_row=4) if row[0].value == "9120001234567"
    ]
    money = openpyxl.load_workbook(cooperatives.file.path).worksheets[1]
    surplus = next(row[5] for row in money.iter_rows(min_row=4) if row[5].value)
    assert row[1].value == "'" + FORMULA
    assert row[1].data_type == "s"
    assert surplus.value == -5000000
    assert surplus.data_type == "n"
