"""The public face: the landing page, the directory of cooperatives ("Cek
Koperasi"), the 404 and 500 pages and the certificate check (no sign-in)."""

import datetime

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from cooperatives.models import Cooperative
from programs.models import Program
from tests.factories import CooperativeFactory, CooperativeRoleFactory, PersonFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/koperasi/"


def test_landing_page_leads_to_every_public_service_in_indonesian(client):
    open_program = ProgramFactory(
        title="Bimtek Digitalisasi UMKM", audience=Program.Audience.SMES
    )
    closed = ProgramFactory(title="Diklat Tertutup", past=True)

    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in body
    assert open_program.title in body
    assert closed.title not in body
    for href in (
        "/koperasi/",
        "/simulasi/",
        "/certificates/",
        "/data/",
        "/portal/masuk/",
        "/portal/daftar/",
        "/privasi/",
        "mailto:layanan@kukm.kaltimprov.go.id",
    ):
        assert f'href="{href}' in body, href


def test_landing_page_switches_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/")

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Programs open for registration now" in body


def test_directory_finds_by_part_of_the_name_and_by_exact_nik(client):
    wanted = CooperativeFactory(name="Koperasi Mekar Sari", nik="6472000000000101")
    other = CooperativeFactory(name="Koperasi Sumber Rejeki", nik="6472000000000202")

    by_name = client.get(DIRECTORY, {"q": "mekar"}).content.decode()
    by_nik = client.get(DIRECTORY, {"q": wanted.nik}).content.decode()
    by_part_of_nik = client.get(DIRECTORY, {"q": "647200000000010"}).content.decode()

    assert wanted.name in by_name
    assert other.name not in by_name
    assert wanted.name in by_nik
    assert other.name not in by_nik
    assert wanted.name not in by_part_of_nik


def test_directory_shows_the_public_record_and_no_person(client):
    today = timezone.localdate()
    cooperative = CooperativeFactory(
        name="Koperasi Tepian Mahakam",
        legal_entity_number="AHU-0005202.AH.01.26.TAHUN 2020",
        legal_entity_date=datetime.date(2020, 3, 2),
        email="pengurus.tepian@example.id",
        phone="081234567890",
    )
    Cooperative.objects.filter(pk=cooperative.pk).update(
        last_rat_on=datetime.date(today.year, 1, 20)
    )
    officer = PersonFactory(name="Ketua Rahasia")
    CooperativeRoleFactory(cooperative=cooperative, person=officer)

    listed = client.get(DIRECTORY, {"q": "tepian"}).content.decode()
    detail = client.get(f"/koperasi/{cooperative.nik}/").content.decode()

    assert "/portal/koperasi/" not in detail  # no officer's menu
    for body in (listed, detail):
        assert cooperative.name in body
        assert cooperative.nik in body
        assert "Samarinda" in body
        assert "AHU-0005202.AH.01.26.TAHUN 2020" in body
        assert "2 Maret 2020" in body
        assert "Terdaftar" in body
        assert str(today.year) in body
        for private in (officer.name, officer.nik, cooperative.email, "081234567890"):
            assert private not in body


def test_directory_leaves_out_cooperatives_without_a_nik_koperasi(client):
    CooperativeFactory(name="Koperasi Tanpa Nomor", nik=None)

    response = client.get(DIRECTORY, {"q": "tanpa nomor"})

    assert "Koperasi Tanpa Nomor" not in response.content.decode()
    assert "0 koperasi ditemukan" in response.content.decode()


def test_directory_detail_of_an_unknown_nik_is_404(client):
    response = client.get("/koperasi/6472999999999999/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_directory_pages_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for n in range(45):
        CooperativeFactory(name=f"Koperasi Halaman {n:02d}")

    with django_assert_max_num_queries(4):
        first = client.get(DIRECTORY, {"q": "halaman"})
    with django_assert_max_num_queries(4):
        last = client.get(DIRECTORY, {"q": "halaman", "halaman": "3"})

    assert "Koperasi Halaman 00" in first.content.decode()
    assert "Halaman 1 dari 3" in first.content.decode()
    assert "Koperasi Halaman 44" in last.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "a\x00b"}, "Nama koperasi atau NIK koperasi"),
        ({"q": "9" * 101}, "Nama koperasi atau NIK koperasi"),
        ({"kabupaten": "99.99"}, "Pilih kabupaten/kota dari daftar."),
    ],
)
def test_directory_refuses_bad_input_naming_the_field(client, params, message):
    response = client.get(DIRECTORY, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_directory_filters_by_district(client):
    samarinda = CooperativeFactory(name="Koperasi Wilayah Satu")
    CooperativeFactory(name="Koperasi Wilayah Dua", district_id="64.71")

    body = client.get(DIRECTORY, {"q": "wilayah", "kabupaten": "64.72"}).content

    assert samarinda.name in body.decode()
    assert "Koperasi Wilayah Dua" not in body.decode()


def test_unknown_page_is_the_portals_404_in_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body
    assert 'class="site-header"' in body


def test_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        body = get_template("500.html").render()

    assert "Terjadi kesalahan pada server" in body
    assert "portal.css" in body


def test_server_error_answers_the_500_page(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/gagal/")

    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_certificate_check_leads_a_code_to_its_page(client):
    response = client.get("/certificates/", {"kode": "abc-123"})

    assert response.status_code == 302
    assert response["Location"] == "/certificates/abc-123/"


def test_unknown_certificate_code_says_so_on_the_check_page(client):
    response = client.get("/certificates/kode-tidak-ada/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in body
    assert "kode-tidak-ada" in body
    assert 'name="kode"' in body


def test_certificate_check_refuses_a_malformed_code_naming_the_field(client):
    response = client.get("/certificates/", {"kode": "<script>"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Masukkan kode sertifikat" in body
    assert "<script>" not in body
