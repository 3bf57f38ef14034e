"""The public pages and the Swagger UI work under the Content Security Policy: the
`new_page` fixture fails the test on any CSP violation in the console."""

import pytest

from tests.browser.conftest import DESKTOP


@pytest.mark.django_db(transaction=True)
def test_public_pages_and_api_docs_run_under_the_csp(live_server, new_page):
    page = new_page(DESKTOP)
    for path in (
        "/",
        "/koperasi/",
        "/data/",
        "/certificates/",
        "/programs/",
        "/simulasi/",
        "/portal/masuk/",
        "/admin/login/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI rendered the schema: its init script ran from its own URL.
    page.wait_for_selector(".swagger-ui .information-container", timeout=15000)
