"""Agency staff open 'Tugas saya' on a phone and on a desktop: an overdue RAT
report is at the top of its queue, marked in red, and the page fits 360 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cooperatives.models import AnnualReport
from tests.factories import AnnualReportFactory, CooperativeFactory, StaffFactory
from tests.financing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "rahasia-kuat-2026"
URL = "/portal/staf/tugas/"


def _long_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("width", "height"), [(360, 800), (1280, 900)], ids=["360", "1280"]
)
def test_staff_see_an_overdue_report_in_their_tasks(
    live_server, new_page, screenshot, axe_violations, width, height
):
    cooperative = CooperativeFactory(name="Koperasi Sungai Mahakam")
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2025,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=_long_ago(30),
    )
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=2024,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=_long_ago(1),
    )
    ApplicationFactory(
        cooperative=cooperative, status="submitted", submitted_at=_long_ago(3)
    )
    StaffFactory(username="staf.tugas")
    page = new_page(viewport={"width": width, "height": height})

    page.goto(f"{live_server.url}/admin/login/?next={URL}")
    page.fill("#id_username", "staf.tugas")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{URL}")

    assert page.get_by_role("heading", level=1).inner_text() == "Tugas saya"
    first = page.locator("#antrean-rat tbody tr").first
    assert "tahun buku 2025" in first.inner_text()
    overdue = first.locator(".overdue")
    expect(overdue).to_be_visible()
    assert "lewat batas" in overdue.inner_text()
    color = overdue.evaluate("el => getComputedStyle(el).color")
    assert color != first.locator("td").nth(1).evaluate(
        "el => getComputedStyle(el).color"
    )
    screenshot(page, f"tasks-{width}")
    assert axe_violations(page) == []
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The admin's index leads to the page.
    page.goto(f"{live_server.url}/admin/")
    screenshot(page, f"tasks-admin-index-{width}")
    page.locator("#staff-tasks a").click()
    page.wait_for_url(f"{live_server.url}{URL}")
