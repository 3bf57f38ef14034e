"""The program outcomes and financing portfolio reports in each format, read back:
XLSX with openpyxl, CSV with the csv module, PDF's text with pypdf."""

import csv
import io

import openpyxl
import pytest
from pypdf import PdfReader

from reports import services
from reports.models import ReportRun
from tests.pdf_properties import AGENCY, PORTAL, author_and_creator

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _run(kind, fmt, district=None):
    run = services.report_request(
        kind=kind, format=fmt, year=YEAR, district=district, by=None
    )
    return services.report_generate(run_id=run.pk)


def test_program_outcomes_xlsx_reads_back(program_data):
    run = _run("program_outcomes", "xlsx")

    workbook = openpyxl.load_workbook(run.file.path)
    summary, programs, mentoring = workbook.worksheets
    rows = {row[0]: row for row in programs.iter_rows(min_row=4, values_only=True)}
    assert run.status == ReportRun.Status.DONE
    assert programs.freeze_panes == "A4"
    assert programs["A3"].value == "Kode"
    assert programs["A3"].font.bold
    assert rows["DIKLAT-A"][5:] == (30, 4, 3, 0.75, 3)
    assert programs["I4"].number_format == "0.0%"
    assert next(summary.iter_rows(min_row=4, values_only=True))[:4] == (
        "Diklat",
        1,
        30,
        4,
    )
    assert next(mentoring.iter_rows(min_row=4, values_only=True)) == (
        YEAR,
        3,
        2,
        1,
        0.5,
    )


def test_financing_portfolio_xlsx_money_in_rupiah(financing_data):
    run = _run("financing_portfolio", "xlsx")

    sheet = openpyxl.load_workbook(run.file.path).worksheets[1]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Jumlah Provinsi Kalimantan Timur"][1:6] == (
        4,
        65_000_000,
        48_000_000,
        40_000_000,
        25_000_000,
    )
    assert sheet["C4"].number_format == '"Rp"#,##0'


def test_financing_portfolio_csv_parses(financing_data):
    run = _run("financing_portfolio", "csv")

    with open(run.file.path, "rb") as handle:
        raw = handle.read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    by_name = {row[0]: row for row in rows if row}
    assert raw.startswith(b"\xef\xbb\xbf")
    assert by_name["Kota Samarinda"][1:8] == [
        "2",
        "30000000.00",
        "23000000.00",
        "15000000.00",
        "0",
        "0",
        "0.6522",
    ]
    assert by_name["Lebih dari 90 hari"][1:4] == ["1", "25000000.00", "25000000.00"]
    assert by_name["Diajukan"][1:4] == ["1", "1", "7000000.00"]


def test_program_outcomes_csv_for_a_district(program_data):
    from cooperatives.models import District

    run = _run("program_outcomes", "csv", District.objects.get(pk="64.72"))

    rows = list(csv.reader(open(run.file.path, encoding="utf-8-sig")))  # noqa: SIM115
    programs = [row for row in rows if row and row[0].startswith(("DIKLAT", "BIMTEK"))]
    assert programs == [
        [
            "DIKLAT-A",
            programs[0][1],
            "Diklat",
            "Seluruh provinsi",
            "Berlangsung",
            "30",
            "3",
            "2",
            "0.6667",
            "2",
        ]
    ]
    assert "Kota Samarinda" in rows[1][0]


def _pdf_text(run) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(run.file.path).pages)


def test_financing_portfolio_pdf_text(financing_data):
    run = _run("financing_portfolio", "pdf")

    text = _pdf_text(run)
    assert "DINAS PERINDUSTRIAN, PERDAGANGAN, KOPERASI DAN UKM" in text
    assert author_and_creator(run.file.path) == (AGENCY, PORTAL)
    assert "Portofolio pembiayaan" in text
    assert "Portofolio per kabupaten/kota" in text
    assert "Rp65.000.000" in text  # disbursed, province total
    assert "Rp48.000.000" in text  # outstanding
    assert "83,3%" in text  # PAR 30 of the province
    assert "50,0%" in text  # repayment rate of Samarinda


def test_program_outcomes_pdf_text(program_data):
    run = _run("program_outcomes", "pdf")

    text = _pdf_text(run)
    assert "Hasil program pelatihan dan pendampingan" in text
    assert "DIKLAT-A" in text
    assert "75,0%" in text
    assert "Koperasi dampingan yang aktif kembali" in text
