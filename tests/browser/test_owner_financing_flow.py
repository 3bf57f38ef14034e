"""Issue 18's "done when" for owners, on a 360-pixel phone (and a desktop): a UMKM
owner signs up, proves the business with the code from the email, picks a scheme
open to SMEs (the others greyed with the rule they fail), fills the draft, uploads
a document and submits; staff approve and disburse through the services; the
owner sees the loan's schedule and, on their home, the next installment."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from financing import services
from financing.models import Application
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import AgencyStaffFactory, EnterpriseFactory, PersonFactory
from tests.financing.factories import SchemeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Pelangi-Mahakam-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fits_and_passes(page, axe_violations, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name


def _sign_up(page, base, enterprise, nik, email):
    page.goto(f"{base}/portal/daftar/")
    page.get_by_label("NIB").fill(enterprise.nib)
    page.get_by_label("NIK", exact=True).fill(nik)
    page.get_by_label("Nama lengkap pemilik").fill("Siti Aminah")
    page.get_by_label("Surel (email)").fill(email)
    page.get_by_label("Nama usaha").fill(enterprise.name)
    page.get_by_label("Kabupaten/kota tempat usaha").select_option("64.72")
    page.get_by_label("Kode KBLI").fill("10794")
    page.get_by_role("button", name="Kirim kode").click()
    page.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Kode dari surel").fill(code)
    page.get_by_label("Kata sandi baru", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill(PASSWORD)
    page.get_by_role("button", name="Aktifkan akun dan masuk").click()
    page.wait_for_load_state()


def _approve_and_disburse(application: Application) -> None:
    """Staff decide through the same services as the review page (four eyes)."""
    reviewer = AgencyStaffFactory(groups=["Peninjau pembiayaan", "Pemutus pembiayaan"])
    payer = AgencyStaffFactory(groups=["Juru bayar pembiayaan"])
    services.application_assign_reviewer(
        application_id=application.pk, reviewer=reviewer, by=reviewer
    )
    services.application_approve(application_id=application.pk, by=reviewer)
    services.loan_disburse(
        application_id=application.pk,
        by=payer,
        disbursed_on=timezone.localdate(),
        reference="SP2D-UMKM-001",
    )


@pytest.mark.parametrize(
    ("viewport", "size", "nik"),
    [(PHONE, "360", "6472031205800431"), (DESKTOP, "1280", "6472031205800432")],
    ids=["phone", "desktop"],
)
def test_owner_signs_up_applies_and_sees_the_loan_schedule(
    live_server, new_page, screenshot, axe_violations, tmp_path, viewport, size, nik
):
    base, width = live_server.url, viewport["width"]
    owner = PersonFactory(nik=nik, name="Siti Aminah", email=f"dana{size}@example.id")
    enterprise = EnterpriseFactory(
        nib=f"913000{size:0>7}", owner=owner, name="Amplang Bu Siti"
    )
    SchemeFactory(code="dana-umkm", name="Dana Bergulir UMKM", for_cooperatives=False)
    SchemeFactory(code="dana-kop", name="Dana Koperasi Saja", for_enterprises=False)
    page = new_page(viewport)

    _sign_up(page, base, enterprise, nik, f"siti.dana{size}@example.id")
    assert page.url == f"{base}/portal/"

    # The top menu's "Pembiayaan": the enterprise's financing, then the form.
    page.get_by_role("navigation", name="Menu akun").get_by_role(
        "link", name="Pembiayaan"
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Pembiayaan", exact=True)).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "list")
    screenshot(page, f"owner-financing-list-{size}")
    page.get_by_role("link", name="Ajukan permohonan baru").click()
    page.wait_for_load_state()
    assert page.get_by_role("radio", name="Dana Koperasi Saja").count() == 0
    page.get_by_text("1 skema belum dapat digunakan usaha Anda").click()
    expect(page.get_by_text("Skema ini tidak untuk UMKM.")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "apply")
    screenshot(page, f"owner-financing-apply-{size}")

    page.get_by_role("radio", name="Dana Bergulir UMKM").check()
    page.get_by_label("Nominal yang diajukan").fill("15.000.000")
    page.get_by_label("Tenor (bulan)").fill("12")
    page.get_by_label("Modal kerja").check()
    page.get_by_label("Gambaran usaha").fill("Amplang udang khas Samarinda")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_load_state()
    document = tmp_path / "proposal.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Jenis dokumen").select_option("proposal")
    page.get_by_label("Berkas", exact=True).set_input_files(str(document))
    page.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Proposal dan RAB")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "draft")
    screenshot(page, f"owner-financing-draft-{size}")

    page.get_by_role("button", name="Ajukan permohonan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("diajukan. Dinas akan meninjaunya")).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "submitted")
    screenshot(page, f"owner-financing-submitted-{size}")
    application = Application.objects.get(enterprise=enterprise)
    assert application.status == Application.Status.SUBMITTED
    assert application.cooperative_id is None

    _approve_and_disburse(application)

    # The owner's home leads with the next installment and the status.
    page.goto(f"{base}/portal/")
    expect(
        page.get_by_text(f"Angsuran ke-1 pinjaman {application.number}")
    ).to_be_visible()
    expect(page.get_by_text("Dicairkan").first).to_be_visible()
    _fits_and_passes(page, axe_violations, width, "home")
    screenshot(page, f"owner-home-loan-{size}")
    page.get_by_role("link", name="Lihat jadwal angsuran").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Jadwal angsuran")).to_be_visible()
    assert page.locator("table.schedule tbody tr").count() == 12
    _fits_and_passes(page, axe_violations, width, "loan")
    screenshot(page, f"owner-financing-loan-{size}")
