"""The cooperative's loan page shows the kolektibilitas and the late fee owed,
and a written-off loan says so."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from financing import services
from tests.factories import CooperativeFactory, StaffFactory, officer_of
from tests.financing.factories import SchemeFactory, approved_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative(db):
    return CooperativeFactory(name="Koperasi Maju")


@pytest.fixture
def loan(cooperative):
    """12,000,000 flat 12% over 12 months from 10 January 2025, never paid;
    late fee 0.01% a day capped at 1% of the installment (11,200 each)."""
    scheme = SchemeFactory(
        method="flat",
        annual_rate=Decimal("12.00"),
        late_fee_rate=Decimal("0.01"),
        late_fee_cap_percent=Decimal(1),
    )
    application = approved_application(
        amount=Decimal(12_000_000), scheme=scheme, cooperative=cooperative
    )
    return services.loan_disburse(
        application_id=application.pk,
        by=StaffFactory(),
        disbursed_on=datetime.date(2025, 1, 10),
    )


def _page(client, cooperative, loan):
    client.force_login(officer_of(cooperative))
    return client.get(reverse("portal:financing-loan", args=[cooperative.pk, loan.pk]))


def test_loan_page_shows_collectibility_and_late_fee(client, cooperative, loan):
    response = _page(client, cooperative, loan)

    assert response.status_code == 200
    assert response.context["collectibility"] == 5
    assert response.context["late_fee"] == Decimal(12 * 11_200)
    assert "5 — Macet" in response.text
    assert "Rp134.400" in response.text
    assert "0,01% per hari dari tunggakan" in response.text


def test_written_off_loan_says_so(client, cooperative, loan):
    services.loan_write_off_request(
        loan_id=loan.pk,
        by=StaffFactory(),
        reason="Usaha tutup",
        written_off_on=datetime.date(2025, 12, 1),
    )
    services.loan_write_off_approve(loan_id=loan.pk, by=StaffFactory())

    response = _page(client, cooperative, loan)

    assert "dihapusbukukan 1 Desember 2025" in response.text
    list_page = client.get(reverse("portal:financing", args=[cooperative.pk]))
    assert "Dihapusbukukan" in list_page.text
