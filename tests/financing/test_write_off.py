"""The write-off (hapus buku) of a Macet loan in two steps: a request with a
reason, then another person's approval or refusal; what is written off on
exact rupiah."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.scope import Scope
from financing import selectors, services
from financing.models import LoanWriteOff
from tests.factories import StaffFactory, grant

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db
DISBURSED = datetime.date(2025, 1, 10)
# Installment 2 fell due on 10 March 2025; 181 days later is 7 September.
MACET_ON = datetime.date(2025, 9, 7)


def _loan(payer, **scheme):
    """12,000,000 declining at 12% over 12 months, disbursed 10 January 2025:
    1,000,000 principal + 1% of the balance, due on the 10th from February;
    the first installment paid."""
    loan = disbursed_loan(
        disbursed_on=DISBURSED,
        by=payer,
        amount=Decimal(12_000_000),
        scheme=SchemeFactory(
            method="declining", annual_rate=Decimal("12.00"), **scheme
        ),
    )
    services.repayment_record(
        loan_id=loan.pk,
        amount=1_120_000,
        reference=f"W1-{loan.pk}",
        paid_on=datetime.date(2025, 2, 10),
        by=payer,
    )
    return loan


@pytest.fixture
def loan(payer):
    return _loan(payer)


@pytest.fixture
def requester(db):
    return grant(StaffFactory(is_superuser=False), groups=["Pengusul hapus buku"])


@pytest.fixture
def approver(db):
    return grant(StaffFactory(is_superuser=False), groups=["Pemutus hapus buku"])


def _request(loan, by, on=MACET_ON, reason="Debitur meninggal, usaha tutup"):
    return services.loan_write_off_request(
        loan_id=loan.pk, by=by, reason=reason, written_off_on=on
    )


def test_write_off_is_requested_then_approved_by_another(
    loan, payer, requester, approver
):
    request = _request(loan, requester)
    loan.refresh_from_db()
    assert request.status == LoanWriteOff.Status.REQUESTED
    assert loan.written_off_on is None
    assert loan.closed_on is None

    written = services.loan_write_off_approve(loan_id=loan.pk, by=approver)

    assert written.written_off_on == MACET_ON
    assert written.written_off_by == approver
    assert written.write_off_reason == "Debitur meninggal, usaha tutup"
    assert written.closed_on == MACET_ON
    assert written.outstanding_principal == Decimal(11_000_000)
    assert written.collectibility_on(datetime.date(2026, 1, 1)) == 5
    request.refresh_from_db()
    # Installments 2-7 fell due by 7 September: 1% of 11, 10, 9, 8, 7 and 6 juta.
    assert (request.principal, request.interest, request.late_fee) == (
        Decimal(11_000_000),
        Decimal(510_000),
        Decimal(0),
    )
    assert request.total == Decimal(11_510_000)
    assert (request.status, request.decided_by) == ("approved", approver)
    assert [row.history_change_reason for row in request.history.order_by("pk")] == [
        "write off request",
        "write off approve",
    ]
    stats = selectors.collectibility_stats(scope=Scope.province())
    assert sum(row["outstanding"] for row in stats) == 0  # off the books
    with pytest.raises(ValidationError):
        services.repayment_record(loan_id=loan.pk, amount=1, reference="late", by=payer)


def test_write_off_keeps_the_late_fee_to_the_rupiah(payer, requester, approver):
    loan = _loan(payer, late_fee_rate=Decimal("0.010"))
    _request(loan, requester)

    services.loan_write_off_approve(loan_id=loan.pk, by=approver)

    request = loan.write_offs.get()
    # 0.01% a day of each overdue installment from its due date to 7 September:
    # 1,110,000 x 181, 1,100,000 x 150, 1,090,000 x 120, 1,080,000 x 89,
    # 1,070,000 x 59 and 1,060,000 x 28 days, each x 0.0001.
    assert request.late_fee == Decimal(20_091 + 16_500 + 13_080 + 9_612 + 6_313 + 2_968)
    assert request.total == Decimal(11_000_000 + 510_000 + 68_564)


def test_the_requester_cannot_approve_their_own_request(loan, requester):
    grant(requester, groups=["Pemutus hapus buku"])
    _request(loan, requester)

    with pytest.raises(PermissionDenied, match="usulannya sendiri"):
        services.loan_write_off_approve(loan_id=loan.pk, by=requester)
    with pytest.raises(PermissionDenied, match="usulannya sendiri"):
        services.loan_write_off_refuse(loan_id=loan.pk, by=requester, reason="x")

    loan.refresh_from_db()
    assert loan.written_off_on is None


def test_a_refused_request_leaves_the_loan_open(loan, requester, approver):
    _request(loan, requester)

    with pytest.raises(ValidationError) as no_reason:
        services.loan_write_off_refuse(loan_id=loan.pk, by=approver, reason=" ")
    refused = services.loan_write_off_refuse(
        loan_id=loan.pk, by=approver, reason="Debitur masih dapat ditagih"
    )

    assert "refusal_reason" in no_reason.value.message_dict
    assert refused.status == LoanWriteOff.Status.REFUSED
    assert refused.refusal_reason == "Debitur masih dapat ditagih"
    assert refused.principal is None
    loan.refresh_from_db()
    assert loan.written_off_on is None
    assert loan.closed_on is None
    with pytest.raises(ValidationError, match="Tidak ada usulan"):
        services.loan_write_off_approve(loan_id=loan.pk, by=approver)
    assert _request(loan, requester).status == "requested"  # may be asked again


def test_one_request_waits_per_loan(loan, requester):
    _request(loan, requester)

    with pytest.raises(ValidationError) as refused:
        _request(loan, requester)

    assert refused.value.code == "pending"


def test_write_off_refuses_a_loan_not_yet_macet(loan, requester):
    with pytest.raises(ValidationError) as refused:
        _request(loan, requester, on=datetime.date(2025, 9, 6))  # 180 days

    assert "written_off_on" in refused.value.message_dict
    assert "180 hari" in refused.value.message_dict["written_off_on"][0]
    assert not loan.write_offs.exists()


def test_write_off_request_needs_a_reason(loan, requester):
    with pytest.raises(ValidationError) as refused:
        _request(loan, requester, reason="")

    assert "reason" in refused.value.message_dict


def test_requesting_and_approving_are_separate_duties(loan, requester, approver):
    restructurer = grant(
        StaffFactory(is_superuser=False), groups=["Pemutus restrukturisasi"]
    )
    with pytest.raises(PermissionDenied):
        _request(loan, restructurer)
    with pytest.raises(PermissionDenied):
        _request(loan, approver)  # approving is not requesting
    _request(loan, requester)
    with pytest.raises(PermissionDenied):
        services.loan_write_off_approve(loan_id=loan.pk, by=requester)
