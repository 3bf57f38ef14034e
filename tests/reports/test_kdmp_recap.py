"""The cooperative recap's KDMP sheets: per district and per kecamatan, the
villages, KDMP formed and running and the share, as at the year's end; read
back from the XLSX and the CSV, for the province and for one district."""

import csv
import datetime
import io

import openpyxl
import pytest

from cooperatives.models import District, KdmpUnit
from reports import services
from tests.cooperatives.kdmp_factories import kdmp_of

pytestmark = pytest.mark.django_db

YEAR = 2025
Unit = KdmpUnit.Unit


@pytest.fixture
def kdmp_data():
    """Samarinda (59 villages): Rawa Makmur running since 2025, Handil Bakti
    formed; Paser: Busui running only from 2026 (formed in 2025)."""
    kdmp_of("64.72.01.1001", units=[Unit.GROCERY])
    kdmp_of("64.72.01.1002")
    kdmp_of("64.01.01.2010", units=[Unit.CLINIC], since=datetime.date(2026, 1, 5))


def _run(fmt, district=None):
    run = services.report_request(
        kind="cooperative_recap", format=fmt, year=YEAR, district=district, by=None
    )
    return services.report_generate(run_id=run.pk)


def test_the_recap_xlsx_has_kdmp_sheets_per_district_and_kecamatan(kdmp_data):
    run = _run("xlsx")

    workbook = openpyxl.load_workbook(run.file.path)
    districts = workbook["KDMP per kabupatenkota"]
    sub_districts = workbook["KDMP per kecamatan"]
    rows = {r[0]: r for r in districts.iter_rows(min_row=4, values_only=True)}
    assert [c.value for c in districts[3]] == [
        "Kabupaten/kota",
        "Desa/kelurahan",
        "KDMP terbentuk",
        "KDMP beroperasi",
        "Desa/kelurahan dengan KDMP",
    ]
    assert rows["Kota Samarinda"][1:4] == (59, 2, 1)
    assert rows["Kabupaten Paser"][1:4] == (144, 1, 0)  # running only in 2026
    assert rows["Jumlah Provinsi Kalimantan Timur"][1:4] == (1038, 3, 1)
    assert rows["Jumlah Provinsi Kalimantan Timur"][4] == pytest.approx(0.0029)
    assert districts["E4"].number_format == "0.0%"
    kecamatan = {
        (r[0], r[1]): r[2:5]
        for r in sub_districts.iter_rows(min_row=4, values_only=True)
    }
    assert kecamatan[("Kota Samarinda", "Palaran")] == (5, 2, 1)
    assert len(kecamatan) == 105 + 1  # every kecamatan and the total


def test_the_recap_for_a_district_counts_its_own_villages(kdmp_data):
    run = _run("csv", district=District.objects.get(pk="64.72"))

    text = run.file.open("rb").read().decode("utf-8-sig")
    assert "KDMP per kecamatan" in text
    rows = list(csv.reader(io.StringIO(text)))
    palaran = next(row for row in rows if row[:2] == ["Kota Samarinda", "Palaran"])
    total = [row for row in rows if row and row[0] == "Jumlah Kota Samarinda"][-1]
    assert palaran[2:5] == ["5", "2", "1"]
    assert total[1:5] == ["", "59", "2", "1"]
    assert not any(row[:1] == ["Kabupaten Paser"] for row in rows)
