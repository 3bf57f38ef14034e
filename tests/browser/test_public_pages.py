"""A visitor on a phone (and a desktop) opens the landing page, searches the
directory of cooperatives and reads the open data: no sideways scrolling, nothing
serious for axe, nothing blocked by the CSP."""

import pytest
from playwright.sync_api import expect

from tests.factories import CooperativeFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    ("width", "height"), [(360, 800), (1280, 900)], ids=["360", "1280"]
)
def test_visitor_finds_a_cooperative_from_the_landing_page(
    live_server, new_page, screenshot, axe_violations, width, height
):
    ProgramFactory(title="Bimtek Pemasaran Digital UMKM")
    cooperative = CooperativeFactory(
        name="Koperasi Produsen Tenun Sarung Samarinda",
        legal_entity_number="AHU-0001234.AH.01.26.TAHUN 2021",
    )
    for n in range(3):
        CooperativeFactory(name=f"Koperasi Tenun Lain {n}")
    page = new_page(viewport={"width": width, "height": height})

    page.goto(f"{live_server.url}/")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Portal")
    expect(page.get_by_text("Bimtek Pemasaran Digital UMKM")).to_be_visible()
    screenshot(page, f"public-landing-{width}")
    assert axe_violations(page) == []
    _fits(page, width)

    page.fill("#cari-koperasi", "tenun sarung")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/koperasi/?q=*")

    expect(page.get_by_text("1 koperasi ditemukan")).to_be_visible()
    expect(page.get_by_role("link", name=cooperative.name)).to_be_visible()
    screenshot(page, f"public-directory-{width}")
    assert axe_violations(page) == []
    _fits(page, width)

    page.get_by_role("link", name=cooperative.name).click()

    assert (
        page.get_by_role("heading", level=1).inner_text().startswith(cooperative.name)
    )
    expect(page.get_by_text(cooperative.legal_entity_number)).to_be_visible()
    screenshot(page, f"public-cooperative-{width}")
    assert axe_violations(page) == []
    _fits(page, width)


@pytest.mark.parametrize(
    ("width", "height"), [(360, 800), (1280, 900)], ids=["360", "1280"]
)
def test_open_data_and_error_pages_fit_the_phone(
    live_server, new_page, screenshot, axe_violations, width, height
):
    page = new_page(viewport={"width": width, "height": height})

    for path, name, status in (
        ("/data/", "open-data", 200),
        ("/tidak-ada/", "404", 404),
        ("/certificates/kode-tidak-ada/", "certificate-unknown", 404),
    ):
        response = page.goto(f"{live_server.url}{path}")

        assert response.status == status, path
        screenshot(page, f"public-{name}-{width}")
        assert axe_violations(page) == [], path
        _fits(page, width)
