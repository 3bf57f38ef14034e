"""Recaps a province can send upward: a total row in every recap and format, the
year as the state at that year's end, and PDF tables that neither cut names nor
split short tables, with their heading row on every page."""

import csv
import datetime
import re

import openpyxl
import pytest
from pypdf import PdfReader

from accounts.scope import Scope
from cooperatives.models import District
from reports import services
from reports.builders import BUILDERS
from reports.builders.base import Column, Report, Section
from reports.writers import pdf as pdf_writer
from reports.writers import write_pdf
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    EnterpriseFactory,
    district,
)

from .conftest import YEAR

pytestmark = pytest.mark.django_db

PROVINCE_TOTAL = "Jumlah Provinsi Kalimantan Timur"


@pytest.fixture
def registry():
    """Samarinda: K1 founded long ago with a verified report of YEAR-1 (30 + 20
    members); K2 founded this year. Penajam Paser Utara: K3, founded long ago.
    Two SMEs in Samarinda, one in Penajam Paser Utara, all entered today."""
    k1 = CooperativeFactory(established_on=datetime.date(2010, 5, 1))
    CooperativeFactory(established_on=datetime.date(YEAR, 1, 2))
    CooperativeFactory(
        district=district("64.09"), established_on=datetime.date(2012, 1, 1)
    )
    AnnualReportFactory(
        cooperative=k1,
        fiscal_year=YEAR - 1,
        rat_held_on=datetime.date(YEAR, 3, 1),
        status="verified",
        members_male=30,
        members_female=20,
    )
    EnterpriseFactory(annual_revenue=100_000_000)
    EnterpriseFactory(annual_revenue=100_000_000)
    EnterpriseFactory(district=district("64.09"), annual_revenue=100_000_000)


def _sections(kind, year, district_code=None):
    scope = Scope.district(district_code) if district_code else Scope.province()
    where = District.objects.get(pk=district_code) if district_code else None
    report = BUILDERS[kind](scope=scope, year=year, district=where)
    return {section.title: section for section in report.sections}


def test_cooperative_recap_totals_the_province(registry):
    sections = _sections("cooperative_recap", YEAR - 1)

    counts = sections["Koperasi, keaktifan dan RAT"].total
    kinds = sections["Koperasi terdaftar per jenis"].total
    assert counts["district_name"] == PROVINCE_TOTAL
    assert (counts["total"], counts["rat_reported"]) == (2, 1)
    assert (counts["members_male"], counts["members_female"]) == (30, 20)
    assert kinds == {"kind": PROVINCE_TOTAL, "total": 2}


def test_cooperative_recap_counts_the_cooperatives_founded_by_the_years_end(
    registry,
):
    last_year = _sections("cooperative_recap", YEAR - 1)
    this_year = _sections("cooperative_recap", YEAR)

    title = "Koperasi, keaktifan dan RAT"
    assert last_year[title].total["total"] == 2  # K2 was founded this year
    assert this_year[title].total["total"] == 3


def test_enterprise_recap_counts_the_smes_entered_by_the_years_end(registry):
    last_year = _sections("enterprise_recap", YEAR - 1)
    this_year = _sections("enterprise_recap", YEAR)

    title = "UMKM per kabupaten/kota dan skala usaha"
    assert last_year[title].total["total"] == 0
    assert this_year[title].total["total"] == 3
    assert this_year[title].total["micro"] == 3
    assert this_year["UMKM per kategori KBLI dan skala usaha"].total["total"] == 3


def test_enterprise_recap_of_a_district_totals_that_district(registry):
    sections = _sections("enterprise_recap", YEAR, "64.09")

    total = sections["UMKM per kabupaten/kota dan skala usaha"].total
    assert total["district_name"] == "Jumlah Kabupaten Penajam Paser Utara"
    assert total["total"] == 1


def _run(kind, fmt, year):
    run = services.report_request(
        kind=kind, format=fmt, year=year, district=None, by=None
    )
    return services.report_generate(run_id=run.pk)


def test_xlsx_ends_each_sheet_with_the_total_in_bold(registry):
    run = _run("cooperative_recap", "xlsx", YEAR - 1)

    sheet = openpyxl.load_workbook(run.file.path).worksheets[0]
    last = sheet.max_row
    assert sheet.cell(last, 1).value == PROVINCE_TOTAL
    assert sheet.cell(last, 2).value == 2
    assert sheet.cell(last, 1).font.bold


def test_csv_ends_each_section_with_the_total(registry):
    run = _run("enterprise_recap", "csv", YEAR)

    with open(run.file.path, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    totals = [row for row in rows if row and row[0] == PROVINCE_TOTAL]
    assert [row[5] for row in totals] == ["3", "3"]  # per district, per KBLI


def _pages(path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def test_pdf_has_the_total_and_whole_district_names(registry):
    run = _run("enterprise_recap", "pdf", YEAR)

    text = " ".join(_pages(run.file.path))
    assert PROVINCE_TOTAL in text
    assert text.count("Kabupaten Penajam Paser Utara") >= 2  # table and chart


def _table(title, rows, first="Nama"):
    return Section(
        title=title,
        columns=[Column("name", first), Column("n", "Jumlah", "int")],
        rows=[{"name": f"{title} baris {i}", "n": i} for i in range(rows)],
        total={"name": PROVINCE_TOTAL, "n": rows},
    )


def _pdf(tmp_path, sections) -> list[str]:
    path = str(tmp_path / "report.pdf")
    write_pdf(Report("Uji", "Tata letak", sections), path, lambda value: None)
    return _pages(path)


def test_pdf_repeats_the_heading_row_on_every_page_of_a_long_table(tmp_path):
    pages = _pdf(tmp_path, [_table("Panjang", 120, first="Kolom-kepala")])

    assert len(pages) >= 3
    assert all("Kolom-kepala" in page for page in pages)
    assert PROVINCE_TOTAL in pages[-1]


def test_pdf_keeps_a_short_table_whole_on_one_page(tmp_path):
    # Enough rows to fill the first page but for three rows, so a five-row
    # table after it would be split if the writer let it.
    filler = _table("Pengisi", 11)

    pages = _pdf(tmp_path, [filler, _table("Pendek", 5)])

    holding = [page for page in pages if "Pendek baris" in page]
    assert len(holding) == 1
    assert all(f"Pendek baris {i}" in holding[0] for i in range(5))


def test_pdf_wraps_a_long_name_instead_of_cutting_it(tmp_path):
    long_name = " ".join(["Koperasi Produsen Nelayan Penajam Paser Utara"] * 6)
    section = Section(
        title="Nama panjang",
        columns=[
            Column("name", "Nama"),
            *(Column(f"m{i}", f"Nilai {i}", "money") for i in range(8)),
        ],
        rows=[{"name": long_name, **{f"m{i}": 123_456_789_000 for i in range(8)}}],
    )

    text = " ".join(_pdf(tmp_path, [section]))

    width, _height = pdf_writer._table(section, section.rows).wrap(pdf_writer.WIDTH, 0)
    assert width <= pdf_writer.WIDTH + 0.01  # within the page, but for rounding
    assert long_name in text
