"""Awkward input on every public page of the registry (the landing page, the
directory, the open data, the certificate check): never a 500, and a refusal is
a 400 in Indonesian naming the field. The API has its own schema fuzzing
(tests/api/test_fuzz.py); these pages have no schema, so each parameter they
read, and one they do not, gets each awkward value."""

from urllib.parse import quote

import pytest

from tests.api.test_fuzz import AWKWARD
from tests.factories import CooperativeFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "/": ("q",),
    "/koperasi/": ("q", "kabupaten", "halaman"),
    "/data/": ("tahun",),
    "/data/statistik.csv": ("tahun",),
    "/data/statistik.json": ("tahun",),
    "/certificates/": ("kode",),
}
CASES = [
    (path, param, name)
    for path, params in PAGES.items()
    for param in (*params, "tidak_dikenal")
    for name in AWKWARD
]


@pytest.mark.parametrize(("path", "param", "name"), CASES)
def test_public_pages_never_error_on_awkward_input(client, path, param, name):
    CooperativeFactory(name="Koperasi Uji Fuzz")

    value = quote(AWKWARD[name], errors="surrogatepass")  # a lone surrogate too

    response = client.get(f"{path}?{param}={value}")

    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 400 and path.endswith(".json"):
        assert param in response.json()
    elif response.status_code == 400:
        body = response.content.decode()
        assert "tahun" in body or "koperasi" in body.lower() or "kode" in body


@pytest.mark.parametrize(
    "path", ["/koperasi/0000000000000000/", "/certificates/%E2%80%AE-x/"]
)
def test_unknown_public_records_are_404_pages(client, path):
    response = client.get(path)

    assert response.status_code == 404
