"""The loan page's payoff, restructuring and write-off (request, then
decision) forms call the services and show their refusals; each shows only to
those holding its duty."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import StaffFactory, grant

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db
ADMIN = "/admin/financing/loan"
DISBURSED = datetime.date(2025, 1, 10)


@pytest.fixture
def loan(payer):
    return disbursed_loan(
        disbursed_on=DISBURSED,
        by=payer,
        amount=Decimal(12_000_000),
        scheme=SchemeFactory(method="flat", annual_rate=Decimal("12.00")),
    )


def test_loan_page_links_the_decisions(staff_client, loan):
    page = staff_client.get(f"{ADMIN}/{loan.pk}/change/").content.decode()

    for slug in ("payoff", "restructure", "write-off", "write-off-decision"):
        assert f"/{loan.pk}/{slug}/" in page
        assert staff_client.get(f"{ADMIN}/{loan.pk}/{slug}/").status_code == 200


def test_payoff_form_refuses_a_wrong_amount_then_settles(staff_client, loan):
    url = f"{ADMIN}/{loan.pk}/payoff/"
    # 20 January 2025: 12,000,000 + 12,000,000 x 12% x 10 / 365 = 39,452.05.
    data = {"paid_on": "2025-01-20", "reference": "ADM-1"}

    refused = staff_client.post(url, {**data, "amount": "12000000"})
    settled = staff_client.post(url, {**data, "amount": "12039452"})

    assert refused.status_code == 200
    assert "Rp12.039.452" in refused.content.decode()
    assert settled.status_code == 302
    loan.refresh_from_db()
    assert loan.closed_on == datetime.date(2025, 1, 20)


def test_restructure_and_write_off_forms(staff_client, loan):
    restructured = staff_client.post(
        f"{ADMIN}/{loan.pk}/restructure/",
        {
            "effective_on": "2025-01-20",
            "tenor_months": "24",
            "grace_months": "",
            "annual_rate": "",
            "reason": "Permintaan debitur",
        },
    )
    too_early = staff_client.post(
        f"{ADMIN}/{loan.pk}/write-off/",
        {"written_off_on": "2025-03-01", "reason": "Macet"},
    )
    requested = staff_client.post(
        f"{ADMIN}/{loan.pk}/write-off/",
        {"written_off_on": "2025-12-01", "reason": "Macet"},
    )
    own = staff_client.post(
        f"{ADMIN}/{loan.pk}/write-off-decision/", {"decision": "approve"}
    )

    assert restructured.status_code == 302
    assert loan.installments.count() == 24
    assert too_early.status_code == 200
    assert "Macet" in too_early.content.decode()
    assert requested.status_code == 302
    assert own.status_code == 200
    assert "usulannya sendiri" in own.content.decode()
    loan.refresh_from_db()
    assert loan.written_off_on is None


def test_write_off_decision_form(client, loan):
    requester = grant(StaffFactory(is_superuser=False), groups=["Pengusul hapus buku"])
    approver = grant(StaffFactory(is_superuser=False), groups=["Pemutus hapus buku"])
    client.force_login(requester)
    client.post(
        f"{ADMIN}/{loan.pk}/write-off/",
        {"written_off_on": "2025-12-01", "reason": "Usaha tutup"},
    )
    assert client.get(f"{ADMIN}/{loan.pk}/write-off-decision/").status_code == 403
    client.force_login(approver)
    url = f"{ADMIN}/{loan.pk}/write-off-decision/"

    page = client.get(url).content.decode()
    no_reason = client.post(url, {"decision": "refuse", "refusal_reason": ""})
    approved = client.post(url, {"decision": "approve"})

    assert "Usaha tutup" in page
    assert "1 Desember 2025" in page
    assert "alasan penolakan" in no_reason.content.decode().lower()
    assert approved.status_code == 302
    loan.refresh_from_db()
    assert loan.written_off_on == datetime.date(2025, 12, 1)
    assert loan.written_off_by == approver
    # Flat 12% on 12,000,000: 1,000,000 + 120,000 a month; 10 installments due
    # by 1 December 2025, none paid.
    assert loan.write_offs.get().interest == Decimal(1_200_000)


def test_a_repayment_clerk_cannot_open_the_decision_forms(client, loan):
    clerk = grant(StaffFactory(is_superuser=False), groups=["Pencatat angsuran"])
    client.force_login(clerk)

    assert client.get(f"{ADMIN}/{loan.pk}/write-off/").status_code == 403
    assert client.get(f"{ADMIN}/{loan.pk}/restructure/").status_code == 403
    assert client.get(f"{ADMIN}/{loan.pk}/payoff/").status_code == 403
    page = client.get(f"{ADMIN}/{loan.pk}/change/").content.decode()
    assert f"/{loan.pk}/repayment/" in page
    assert f"/{loan.pk}/payoff/" not in page


def test_the_payoff_clerk_opens_the_payoff_form(client, loan):
    settler = grant(
        StaffFactory(is_superuser=False), groups=["Pencatat pelunasan dipercepat"]
    )
    client.force_login(settler)

    assert client.get(f"{ADMIN}/{loan.pk}/payoff/").status_code == 200
    assert client.get(f"{ADMIN}/{loan.pk}/write-off/").status_code == 403
