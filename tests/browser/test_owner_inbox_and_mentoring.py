"""On a 360-pixel-wide phone (and at 1280 px): a UMKM owner sees the unread count
in the header, reads an installment reminder in the inbox and the mentoring of
their business; a district user opens the escalated arrears in the inbox and the
district's mentoring from the workspace menu."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from financing import reminders
from financing.models import Installment
from tests.factories import DistrictUserFactory, EnterpriseFactory
from tests.financing.factories import LoanFactory
from tests.owner_accounts import owner_of
from tests.programs.factories import MentorAssignmentFactory, MentoringVisitFactory

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.timedelta(days=1)


def _check(page, screenshot, axe_violations, name, width):
    screenshot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


def _sign_in(page, base, user):
    page.goto(f"{base}/portal/masuk/")
    page.get_by_label("Nama pengguna atau surel").fill(user.username)
    page.get_by_label("Kata sandi").fill("rahasia-kuat-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_owner_reads_a_reminder_and_their_mentoring(
    live_server, new_page, screenshot, axe_violations, viewport, size
):
    base, width = live_server.url, viewport["width"]
    today = timezone.localdate()
    enterprise = EnterpriseFactory(name="Amplang Bu Sari")
    owner = owner_of(enterprise, username=f"pemilik{size}")
    loan = LoanFactory(
        application__cooperative=None, application__enterprise=enterprise
    )
    Installment.objects.create(
        loan=loan,
        number=1,
        due_date=today + 7 * DAY,
        principal=1_000_000,
        interest=50_000,
        balance=0,
    )
    for pairs in reminders.installment_reminder_batches(today=today):
        reminders.installment_reminders_send(pairs=pairs, today=today)
    assignment = MentorAssignmentFactory(
        cooperative=None, enterprise=enterprise, field="marketing"
    )
    MentoringVisitFactory(assignment=assignment, findings="Kemasan belum berlabel.")
    page = new_page(viewport)

    _sign_in(page, base, owner)
    header = page.get_by_role("navigation", name="Menu akun")
    expect(header.get_by_role("link", name="Notifikasi 1 belum dibaca")).to_be_visible()
    header.get_by_role("link", name="Notifikasi").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Angsuran ke-1 {loan.application.number}")).to_be_visible()
    _check(page, screenshot, axe_violations, f"owner-notifications-{size}", width)
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    page.wait_for_load_state()
    expect(header.get_by_role("link", name="Notifikasi", exact=True)).to_be_visible()

    header.get_by_role("link", name="Pendampingan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Kemasan belum berlabel.")).to_be_visible()
    expect(page.get_by_text(assignment.mentor.name)).to_be_visible()
    _check(page, screenshot, axe_violations, f"owner-mentoring-{size}", width)


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "360"), (DESKTOP, "1280")], ids=["phone", "desktop"]
)
def test_district_user_reads_escalated_arrears_and_the_districts_mentoring(
    live_server, new_page, screenshot, axe_violations, viewport, size
):
    base, width = live_server.url, viewport["width"]
    today = timezone.localdate()
    user = DistrictUserFactory(username=f"dinas.dampingan{size}")
    loan = LoanFactory(
        application__cooperative=None,
        application__enterprise=EnterpriseFactory(),
        oldest_unpaid_due_on=today - 45 * DAY,
    )
    reminders.loan_arrears_escalate(today=today)
    MentoringVisitFactory(
        assignment=MentorAssignmentFactory(
            cooperative=None, enterprise=EnterpriseFactory(name="Tenun Ulap Doyo")
        )
    )
    page = new_page(viewport)

    _sign_in(page, base, user)
    page.get_by_role("link", name="Ruang kerja dinas").click()
    page.wait_for_load_state()
    menu = page.get_by_role("navigation", name="Menu dinas")
    menu.get_by_role("link", name="Notifikasi").click()
    page.wait_for_load_state()
    expect(
        page.get_by_text(f"Tunggakan 45 hari: {loan.application.number}")
    ).to_be_visible()
    _check(page, screenshot, axe_violations, f"district-arrears-inbox-{size}", width)

    page.get_by_role("navigation", name="Menu dinas").get_by_role(
        "link", name="Pendampingan"
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Tenun Ulap Doyo")).to_be_visible()
    _check(page, screenshot, axe_violations, f"district-mentoring-{size}", width)
