"""Open data (/data/): the statistics per year and district as CSV and JSON, the
same figures as the dashboard and the API (cooperative_stats), with a description
of each column and the licence, cached."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import AnnualReport
from cooperatives.selectors import cooperative_stats
from reports.open_data import CACHE_KEY, COLUMN_NAMES
from tests.factories import AnnualReportFactory, CooperativeFactory, district

pytestmark = pytest.mark.django_db

CSV_URL = "/data/statistik.csv"
JSON_URL = "/data/statistik.json"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rows are cached per year in the shared Redis, which outlives a test's
    database: each test starts without them."""
    this_year = timezone.localdate().year
    cache.delete_many(
        [CACHE_KEY.format(year=y) for y in range(this_year - 10, this_year + 1)]
    )


@pytest.fixture
def year():
    return timezone.localdate().year - 1


@pytest.fixture
def reports(year):
    samarinda = district("64.72")
    for members_male in (10, 20):
        AnnualReportFactory(
            cooperative=CooperativeFactory(district=samarinda),
            fiscal_year=year,
            status=AnnualReport.Status.VERIFIED,
            members_male=members_male,
            members_female=5,
            surplus=Decimal("1250000.50"),
        )
    AnnualReportFactory(  # not verified: counted nowhere
        cooperative=CooperativeFactory(district=district("64.71")),
        fiscal_year=year,
    )


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_of_a_year_holds_the_dashboards_figures_per_district(client, year, reports):
    response = client.get(CSV_URL, {"tahun": year})

    rows = _csv_rows(response)
    expected = cooperative_stats(scope=Scope.province(), year=year)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == COLUMN_NAMES
    assert len(rows) == 10
    samarinda = next(r for r in rows if r["kode_kabupaten_kota"] == "64.72")
    assert samarinda["tahun"] == str(year)
    assert samarinda["kode_provinsi"] == "64"
    assert samarinda["nama_kabupaten_kota"] == "Kota Samarinda"
    assert samarinda["jumlah_koperasi_lapor_rat"] == "2"
    assert samarinda["jumlah_anggota"] == "40"
    assert samarinda["jumlah_anggota_laki_laki"] == "30"
    assert samarinda["sisa_hasil_usaha"] == "2500001.00"
    for row, stats in zip(rows, expected, strict=True):
        assert row["kode_kabupaten_kota"] == stats["district"]
        assert row["jumlah_koperasi_terdaftar"] == str(stats["total"])
        assert row["jumlah_koperasi_aktif"] == str(stats["active"])
        assert row["jumlah_koperasi_lapor_rat"] == str(stats["rat_reported"])


def test_without_a_year_the_dashboards_five_years_are_published(client):
    this_year = timezone.localdate().year

    rows = _csv_rows(client.get(CSV_URL))

    assert sorted({int(r["tahun"]) for r in rows}) == list(
        range(this_year - 4, this_year + 1)
    )
    assert len(rows) == 50


def test_json_describes_each_column_and_its_licence(client, year, reports):
    response = client.get(JSON_URL, {"tahun": year})

    data = response.json()
    assert response.status_code == 200
    assert data["lisensi"]["nama"] == "CC BY 4.0"
    assert [c["nama"] for c in data["kolom"]] == COLUMN_NAMES
    assert all(c["deskripsi"] for c in data["kolom"])
    assert data["tahun"] == [year]
    samarinda = next(r for r in data["data"] if r["kode_kabupaten_kota"] == "64.72")
    assert samarinda["jumlah_anggota"] == 40
    assert samarinda["sisa_hasil_usaha"] == "2500001.00"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_rows_are_served_from_the_cache_until_it_expires(
    client, year, reports, django_assert_max_num_queries
):
    client.get(JSON_URL, {"tahun": year})
    CooperativeFactory(district=district("64.72"))

    with django_assert_max_num_queries(1):
        cached = client.get(JSON_URL, {"tahun": year}).json()
    cache.delete(CACHE_KEY.format(year=year))
    fresh = client.get(JSON_URL, {"tahun": year}).json()

    def total(data):
        return sum(r["jumlah_koperasi_terdaftar"] for r in data["data"])

    assert total(fresh) == total(cached) + 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("dua ribu", "Tahun harus berupa angka"),
        ("1999", "Tahun paling awal 2000"),
        ("9999", "Tahun paling akhir"),
        ("2025\x00", "Tahun harus berupa angka"),
    ],
)
def test_a_bad_year_is_refused_naming_the_field(client, value, message):
    as_json = client.get(JSON_URL, {"tahun": value})
    as_csv = client.get(CSV_URL, {"tahun": value})

    assert as_json.status_code == 400
    assert message in as_json.json()["tahun"][0]
    assert as_csv.status_code == 400
    assert as_csv.content.decode().startswith("tahun: ")
    assert message in as_csv.content.decode()


def test_open_data_page_links_the_files_and_describes_the_columns(client):
    response = client.get("/data/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/data/statistik.csv"' in body
    assert 'href="/data/statistik.json"' in body
    assert "CC BY 4.0" in body
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in body
