"""A UMKM owner signs up in the browser: from the sign-in page to the sign-up form
(NIB and NIK), the code from the email and a password, and lands on the owner's
home with their business and the SME programs open now. On a 360-pixel phone and
a desktop, with screenshots and an accessibility check."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from cooperatives.models import Enterprise
from programs.models import Program
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import EnterpriseFactory, PersonFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Pelangi-Mahakam-2026"


def _fits_and_passes(page, axe_violations, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize(
    ("viewport", "size", "nik"),
    [(PHONE, "360", "6472031205800421"), (DESKTOP, "1280", "6472031205800422")],
    ids=["phone", "desktop"],
)
def test_owner_signs_up_proves_the_business_and_lands_home(
    live_server, new_page, screenshot, axe_violations, viewport, size, nik
):
    base, width = live_server.url, viewport["width"]
    owner = PersonFactory(nik=nik, name="Siti Aminah", email=f"usaha{size}@example.id")
    enterprise = EnterpriseFactory(
        nib=f"912000{size:0>7}", owner=owner, name="Amplang Bu Siti"
    )
    ProgramFactory(audience=Program.Audience.SMES, title="Pemasaran Digital untuk UMKM")
    page = new_page(viewport)

    page.goto(f"{base}/portal/masuk/")
    page.get_by_role("link", name="Pemilik UMKM? Daftar di sini.").click()
    page.wait_for_load_state()
    _fits_and_passes(page, axe_violations, width, "signup")
    screenshot(page, f"owner-signup-{size}")

    page.get_by_label("NIB").fill(enterprise.nib)
    page.get_by_label("NIK", exact=True).fill(nik)
    page.get_by_label("Nama lengkap pemilik").fill("Siti Aminah")
    page.get_by_label("Surel (email)").fill(f"siti{size}@example.id")
    page.get_by_label("Nama usaha").fill("Amplang Bu Siti")
    page.get_by_label("Kabupaten/kota tempat usaha").select_option("64.72")
    page.get_by_label("Kode KBLI").fill("10794")
    page.get_by_role("button", name="Kirim kode").click()
    page.wait_for_load_state()
    assert page.url.endswith("/portal/daftar/kode/")
    _fits_and_passes(page, axe_violations, width, "code")
    screenshot(page, f"owner-code-{size}")

    assert [m.to for m in mail.outbox] == [[f"usaha{size}@example.id"]]
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)

    # A wrong code is refused next to its field.
    page.get_by_label("Kode dari surel").fill(
        "000000" if code != "000000" else "111111"
    )
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    page.get_by_role("button", name="Aktifkan akun dan masuk").click()
    page.wait_for_load_state()
    expect(page).to_have_title(re.compile("^Galat:"))
    _fits_and_passes(page, axe_violations, width, "code error")
    screenshot(page, f"owner-code-error-{size}")

    page.get_by_label("Kode dari surel").fill(code)
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    page.get_by_role("button", name="Aktifkan akun dan masuk").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/portal/"
    expect(page.get_by_role("heading", name="Amplang Bu Siti")).to_be_visible()
    expect(
        page.get_by_role("link", name="Pemasaran Digital untuk UMKM")
    ).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "home")
    screenshot(page, f"owner-home-{size}")

    user = User.objects.get(email=f"usaha{size}@example.id")
    assert Enterprise.objects.get(pk=enterprise.pk).owner_user_id == user.pk
