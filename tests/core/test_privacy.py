"""The privacy notice (/privasi/): public, says what is kept, why, for how long,
who sees it, the rights of the person and whom to ask; linked from every page's
footer and from the sign-in pages."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

URL = "/privasi/"


def test_privacy_notice_is_public_and_says_what_why_how_long_and_whom_to_ask(client):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Pemberitahuan privasi</h1>" in page
    for sentence in [
        "NIK disimpan terenkripsi",  # what, and how
        "nomor telepon dan alamat surel",
        "Undang-Undang Nomor 25 Tahun 1992 tentang Perkoperasian",  # why
        "Peraturan Pemerintah Nomor 7 Tahun 2021",
        "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data",
        "10 tahun setelah pinjaman lunas atau ditutup",  # how long
        "lalu 5 tahun sesudahnya",
        "Dinas kabupaten/kota: data koperasi, usaha dan orang di wilayahnya sendiri.",
        "meminta perbaikan data yang salah atau tidak lengkap",  # rights
        "meminta penghapusan atau pembatasan data",
    ]:
        assert sentence in page, sentence
    contact = settings.PRIVACY_CONTACT_EMAIL
    assert f'<a href="mailto:{contact}">{contact}</a>' in page


def test_privacy_notice_names_the_configured_contact(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "ppid@contoh.go.id"

    page = client.get(URL).content.decode()

    assert 'href="mailto:ppid@contoh.go.id"' in page


def test_privacy_notice_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(URL).content.decode()

    assert "<h1>Privacy notice</h1>" in page
    assert "Law No. 27 of 2022 on Personal Data Protection" in page
    assert "Pemberitahuan privasi" not in page


@pytest.mark.parametrize("sign_in", ["/portal/masuk/", "/admin/login/"])
def test_sign_in_pages_link_the_privacy_notice(client, sign_in):
    page = client.get(sign_in).content.decode()

    assert f'href="{URL}"' in page


def test_every_portal_page_links_the_privacy_notice_in_its_footer(client):
    page = client.get("/programs/").content.decode()

    footer = page[page.index('<footer class="site-footer">') :]
    assert f'<a href="{URL}">Pemberitahuan privasi</a>' in footer


def test_privacy_notice_says_how_the_retention_sweep_acts(client):
    page = client.get(URL).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL).content.decode()

    assert "Pemeriksaan ini berjalan otomatis setiap malam." in page
    assert 'namanya diganti "Anonim"' in page
    assert "2 tahun setelah dinonaktifkan, nama, surel, nomor HP" in page
    assert "This check runs automatically every night." in english
    assert (
        "1 year after the invitation expired or was revoked, the request was "
        "decided (or made, if never decided)" in english
    )
