"""Financing under concurrency: application numbers, approvals, budget,
disbursement and repayments with the same reference."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from financing import services
from financing.models import Application, Loan, Repayment, SchemeBudget
from tests.factories import CooperativeFactory, StaffFactory
from tests.financing.factories import (
    ApplicationFactory,
    SchemeFactory,
    approved_application,
    disbursed_loan,
)

from .helpers import run_together

pytestmark = pytest.mark.django_db(transaction=True)


class Abandoned(Exception):
    pass


def test_application_numbers_have_no_gaps_under_concurrency():
    scheme = SchemeFactory()
    cooperative = CooperativeFactory()
    officer = StaffFactory()

    def create_some(abandon_one: bool):
        def call():
            numbers = []
            for index in range(5):
                try:
                    with transaction.atomic():
                        application = services.application_create(
                            data={
                                "scheme": scheme,
                                "cooperative": cooperative,
                                "amount": "5000000",
                                "tenor_months": 12,
                                "purpose": "investment",
                            },
                            by=officer,
                        )
                        if abandon_one and index == 2:
                            raise Abandoned  # rolls the number back too
                        numbers.append(application.number)
                except Abandoned:
                    pass
            return numbers

        return call

    results = run_together([create_some(abandon_one=i % 2 == 0) for i in range(8)])

    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(Application.objects.values_list("number", flat=True))
    sequences = [int(number.rsplit("-", 1)[1]) for number in numbers]
    assert sequences == list(range(1, 8 * 5 - 4 + 1))
    assert sorted(n for r in results for n in r) == numbers


def test_concurrent_disbursements_make_one_loan():
    application = approved_application()
    staff = [StaffFactory(), StaffFactory()]

    results = run_together(
        [
            lambda user=user: services.loan_disburse(
                application_id=application.pk, by=user
            )
            for user in staff
        ]
    )

    loans = [r for r in results if isinstance(r, Loan)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert (len(loans), len(refusals)) == (1, 1), results
    assert "sudah dicairkan" in refusals[0].messages[0]
    assert Loan.objects.filter(application=application).count() == 1
    assert loans[0].installments.count() == 12


def test_concurrent_approvals_make_one_decision():
    reviewer = StaffFactory()
    application = ApplicationFactory(status="under_review", reviewer=reviewer)

    results = run_together(
        [
            lambda amount=amount: services.application_approve(
                application_id=application.pk, by=reviewer, amount=amount
            )
            for amount in ("8000000", "9000000")
        ]
    )

    decided = [r for r in results if isinstance(r, Application)]
    assert len(decided) == 1, results
    application.refresh_from_db()
    assert application.approved_amount == decided[0].approved_amount
    assert application.history.filter(history_change_reason="approve").count() == 1


def test_concurrent_approvals_cannot_overrun_the_budget():
    reviewer = StaffFactory()
    scheme = SchemeFactory()
    applications = [
        ApplicationFactory(scheme=scheme, status="under_review", reviewer=reviewer)
        for _ in range(4)
    ]
    SchemeBudget.objects.create(
        scheme=scheme, year=timezone.localdate().year, ceiling=Decimal("25000000")
    )

    results = run_together(
        [
            lambda pk=application.pk: services.application_approve(
                application_id=pk, by=reviewer
            )
            for application in applications
        ]
    )

    approved = [r for r in results if isinstance(r, Application)]
    assert len(approved) == 2, results
    assert all(
        "Pagu skema" in r.messages[0] for r in results if isinstance(r, ValidationError)
    )


def test_the_same_repayment_posted_twice_at_once_is_recorded_once():
    loan = disbursed_loan(disbursed_on=datetime.date(2026, 1, 15))
    staff = [StaffFactory(), StaffFactory()]
    first = loan.installments.order_by("number").first()

    results = run_together(
        [
            lambda user=user: services.repayment_record(
                loan_id=loan.pk,
                amount=first.principal + first.interest,
                reference="BANK-TRX-0001",
                by=user,
                paid_on=datetime.date(2026, 2, 10),
            )
            for user in staff
        ]
    )

    assert all(isinstance(r, Repayment) for r in results), results
    assert sorted(r.was_recorded for r in results) == [False, True]
    assert Repayment.objects.filter(loan=loan).count() == 1
    loan.refresh_from_db()
    first.refresh_from_db()
    assert first.paid_on == datetime.date(2026, 2, 10)
    assert (
        first.interest_paid + first.principal_paid == first.principal + first.interest
    )
    assert loan.outstanding_principal == Decimal("12000000") - first.principal
    assert loan.installments.filter(paid_on__isnull=False).count() == 1
