"""The dashboard's maps: the 10 regencies/cities shaded by the indicator the switch
(a plain link, `?peta=`) names, with a legend and a table carrying the dashboard's
numbers; each regency links to its kecamatan map (cooperatives and SMEs)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.scope import Scope
from cooperatives.models import KdmpUnit, SubDistrict
from cooperatives.reference_data import SUB_DISTRICTS
from cooperatives.selectors import (
    kdmp_coverage_by_district,
    kdmp_coverage_by_subdistrict,
)
from core.numbers import format_number, format_percent
from tests.cooperatives.kdmp_factories import kdmp_of
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    district,
    officer_of,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
INDICATORS = ("koperasi", "aktif", "rat", "umkm", "pembiayaan", "par", "kdmp")


def _active(code, sub=None):
    cooperative = CooperativeFactory(district=district(code), sub_district=sub)
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=YEAR - 1,
        status="verified",
        rat_held_on=datetime.date(YEAR, 2, 1),
    )
    return cooperative


@pytest.fixture
def registry():
    """Samarinda: 3 cooperatives (1 active; 2 in kecamatan 64.72.01, 1 without a
    kecamatan), 2 verified SMEs (1 in 64.72.03) and 1 waiting; Balikpapan: 1 active
    cooperative and 1 verified SME."""
    palaran = SubDistrict.objects.get(pk="64.72.01")
    _active("64.72", palaran)
    CooperativeFactory(district=district("64.72"), sub_district=palaran)
    CooperativeFactory(district=district("64.72"))
    _active("64.71")
    EnterpriseFactory(sub_district=SubDistrict.objects.get(pk="64.72.03"))
    EnterpriseFactory()
    EnterpriseFactory(status="pending")
    EnterpriseFactory(district=district("64.71"))


def _shape(page, code):
    """The class and title of a district's shape on the province map."""
    found = re.search(
        rf'<a href="/dashboard/peta/{re.escape(code)}/" data-code="{re.escape(code)}">'
        r'<title>([^<]*)</title><path class="([^"]+)"',
        page,
    )
    return found.group(2), found.group(1)


def _total(page):
    foot = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", foot)


def _row(page, name):
    row = re.search(rf">{re.escape(name)}(?:</a>)?</th>(.*?)</tr>", page, re.S)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


def _key_figures(page):
    return re.findall(r'<dd class="figure[^"]*">([^<]*)</dd>', page)


def _legend(page):
    legend = re.search(r'<ul class="map-legend">(.*?)</ul>', page, re.S).group(1)
    return re.findall(r"</svg>([^<]*)</li>", legend)


def test_the_province_map_draws_and_links_all_ten_regencies(registry, staff_client):
    page = staff_client.get("/dashboard/").content.decode()

    drawn = re.findall(r'<a href="/dashboard/peta/([\d.]+)/" data-code="\1">', page)
    assert len(drawn) == 10
    assert page.count("<path ") == 10
    assert _shape(page, "64.72") == ("map-q1", "Kota Samarinda: 33,3%")
    assert _shape(page, "64.71") == ("map-q4", "Kota Balikpapan: 100,0%")
    assert _shape(page, "64.01") == ("map-none", "Kabupaten Paser: \u2013")
    assert 'aria-current="true">Bagian koperasi aktif</a>' in page
    assert "cahyadsn/wilayah_boundaries (lisensi MIT)" in page


def test_the_indicator_switch_changes_the_classes_and_the_legend(
    registry, staff_client
):
    share = staff_client.get("/dashboard/?peta=aktif").content.decode()
    count = staff_client.get("/dashboard/?peta=koperasi").content.decode()

    assert _shape(count, "64.72") == ("map-q4", "Kota Samarinda: 3")
    assert _shape(count, "64.71") == ("map-q1", "Kota Balikpapan: 1")
    assert _shape(count, "64.01") == ("map-q0", "Kabupaten Paser: 0")
    assert _legend(count) == ["0", "1", "2", "3"]
    assert _legend(share)[0] == "0,0% \u2013 20,0%"
    assert _legend(share)[-1] == "Tidak ada data"
    assert 'href="/dashboard/?peta=koperasi#peta" aria-current="true"' in count
    # An unknown indicator is the default one, not an error.
    unknown = staff_client.get("/dashboard/?peta=xyz")
    assert unknown.status_code == 200
    assert _shape(unknown.content.decode(), "64.72")[0] == "map-q1"


def test_the_table_carries_the_dashboards_numbers(registry, staff_client):
    pages = {
        key: staff_client.get(f"/dashboard/?peta={key}").content.decode()
        for key in INDICATORS
    }
    total, active, rat_reported = _key_figures(pages["aktif"])[:3]

    assert _total(pages["koperasi"]) == [total]
    assert _total(pages["aktif"]) == [total, active, "50,0%"]
    assert _total(pages["rat"]) == [rat_reported]
    assert _total(pages["umkm"]) == ["3"]  # the dashboard's SMEs per scale add up to 3
    sme_table = re.search(
        r'id="sme-heading".*?<tbody>(.*?)</tbody>', pages["aktif"], re.S
    )
    assert sum(map(int, re.findall(r"<td>(\d+)</td>", sme_table.group(1)))) == 3
    assert _row(pages["aktif"], "Kota Samarinda") == ["3", "1", "33,3%"]
    assert _row(pages["umkm"], "Kota Samarinda") == ["2"]


def test_the_financing_indicators_match_the_dashboard(financing_data, staff_client):
    disbursed = staff_client.get("/dashboard/?peta=pembiayaan").content.decode()
    par = staff_client.get("/dashboard/?peta=par").content.decode()

    assert _total(disbursed)[1] == _key_figures(disbursed)[4]
    # L2 and L3 are more than 30 days past due: 40 M of the 48 M outstanding.
    assert _total(par) == ["Rp48.000.000", "Rp40.000.000", "83,3%"]
    assert _row(par, "Kota Samarinda") == ["Rp23.000.000", "Rp15.000.000", "65,2%"]
    assert _shape(par, "64.71")[0] == "map-q4"  # 25 of 25 M


@pytest.mark.parametrize("key", INDICATORS)
def test_the_map_reads_a_constant_number_of_queries(key, registry, staff_client):
    url = f"/dashboard/?peta={key}"
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for code in ("64.01", "64.02", "64.03"):
        _active(code)
        EnterpriseFactory(district=district(code))

    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)

    assert len(many) == len(few)


def test_a_regency_map_draws_all_its_kecamatan(staff_client):
    page = staff_client.get("/dashboard/peta/64.02/").content.decode()

    drawn = re.findall(r'<path class="map-q\d" data-code="(64\.02\.\d\d)"', page)
    assert drawn == [f"64.02.{suffix}" for suffix, _ in SUB_DISTRICTS["64.02"]]
    assert "Peta kecamatan — Kabupaten Kutai Kartanegara" in page


def test_a_regency_map_counts_cooperatives_and_smes_per_kecamatan(
    registry, staff_client
):
    page = staff_client.get("/dashboard/peta/64.72/").content.decode()
    smes = staff_client.get("/dashboard/peta/64.72/?peta=umkm").content.decode()
    province = staff_client.get("/dashboard/?peta=koperasi").content.decode()

    assert _row(page, "Palaran") == ["2", "0"]
    assert _row(page, "Samarinda Ulu") == ["0", "1"]
    assert _row(page, "Kecamatan belum diisi") == ["1", "1"]
    assert _total(page) == ["3", "2"]
    assert _total(page)[0] == _row(province, "Kota Samarinda")[0]
    assert 'class="map-q4" data-code="64.72.01"' in page
    assert 'class="map-q0" data-code="64.72.01"' in smes
    assert 'class="map-q4" data-code="64.72.03"' in smes
    assert "<title>Palaran: 2</title>" in page


def test_a_regency_map_reads_a_constant_number_of_queries(registry, staff_client):
    staff_client.get("/dashboard/peta/64.72/")
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/dashboard/peta/64.72/")
    for sub in SubDistrict.objects.filter(district="64.72"):
        CooperativeFactory(sub_district=sub)
        EnterpriseFactory(sub_district=sub)

    with CaptureQueriesContext(connection) as many:
        staff_client.get("/dashboard/peta/64.72/?peta=umkm")

    assert len(many) == len(few)


def test_district_users_see_their_own_regency_only(registry, client):
    client.force_login(DistrictUserFactory())

    assert client.get("/dashboard/peta/64.72/").status_code == 200
    assert client.get("/dashboard/peta/64.71/").status_code == 404
    page = client.get("/dashboard/").content.decode()
    assert page.count('<a href="/dashboard/peta/') == 2  # the shape and the table row
    assert "<title>Kota Balikpapan</title>" in page  # drawn, without a figure


def test_others_get_no_regency_map(registry, client, staff_user):
    assert client.get("/dashboard/peta/64.72/").status_code == 302
    client.force_login(officer_of(CooperativeFactory()))
    assert client.get("/dashboard/peta/64.72/").status_code == 404
    client.force_login(staff_user)
    assert client.get("/dashboard/peta/99.99/").status_code == 404


@pytest.fixture
def kdmp():
    """Palaran (Samarinda): 2 KDMPs formed (1 running) and 1 without its legal
    entity; Samarinda Ulu: 1 running; Paser: 1 formed."""
    kdmp_of("64.72.01.1001", units=[KdmpUnit.Unit.GROCERY])
    kdmp_of("64.72.01.1002")
    kdmp_of("64.72.01.1003", formed=False)
    kdmp_of("64.72.03.1004", units=[KdmpUnit.Unit.LOGISTICS])
    kdmp_of("64.01.01.2010")


def _coverage_cells(row):
    return [
        format_number(row["villages"]),
        format_number(row["formed"]),
        format_number(row["running"]),
        format_percent(row["share"], places=1, ratio=True),
    ]


def test_the_kdmp_indicator_shades_all_ten_regencies_by_coverage(kdmp, staff_client):
    page = staff_client.get("/dashboard/?peta=kdmp").content.decode()
    rows = kdmp_coverage_by_district(scope=Scope.province())

    assert 'href="/dashboard/?peta=kdmp#peta" aria-current="true"' in page
    drawn = re.findall(r'<a href="/dashboard/peta/([\d.]+)/" data-code="\1">', page)
    assert len(drawn) == 10 == len(rows)
    for row in rows:
        name = row["district_name"]
        title = _shape(page, row["district_id"])[1]
        assert title == f"{name}: {_coverage_cells(row)[3]}"
        assert _row(page, name) == _coverage_cells(row)
    # Samarinda (3 of its villages) is the darkest; a regency without one the lightest.
    assert _shape(page, "64.72")[0] == "map-q4"
    assert _shape(page, "64.02")[0] == "map-q0"
    villages = sum(row["villages"] for row in rows)
    assert _total(page) == [format_number(villages), "4", "2", "0,4%"]
    assert "KDMP-nya sudah terbentuk" in page


def test_the_regency_kdmp_map_carries_the_kecamatan_coverage(kdmp, staff_client):
    page = staff_client.get("/dashboard/peta/64.72/?peta=kdmp").content.decode()
    rows = kdmp_coverage_by_subdistrict(scope=Scope.province(), district_id="64.72")

    assert len(rows) == len(SUB_DISTRICTS["64.72"])
    for row in rows:
        assert _row(page, row["sub_district_name"]) == _coverage_cells(row)
    assert _row(page, "Palaran") == ["5", "2", "1", "40,0%"]
    assert 'class="map-q4" data-code="64.72.01"' in page
    assert "<title>Palaran: 40,0%</title>" in page
    assert "Cakupan KDMP per kecamatan" in page
    assert "Kecamatan belum diisi" not in page


def test_the_kdmp_maps_read_a_constant_number_of_queries(kdmp, staff_client):
    urls = ("/dashboard/?peta=kdmp", "/dashboard/peta/64.72/?peta=kdmp")
    for url in urls:
        staff_client.get(url)
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as counted:
            staff_client.get(url)
        few.append(len(counted))
    kdmp_of("64.72.02.1001", units=[KdmpUnit.Unit.GROCERY])
    kdmp_of("64.02.01.2001")

    many = []
    for url in urls:
        with CaptureQueriesContext(connection) as counted:
            staff_client.get(url)
        many.append(len(counted))

    assert many == few
