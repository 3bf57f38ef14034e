"""Disbursement, repayment allocation, days past due, PAR and portfolio figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.scope import Scope
from financing import selectors, services
from financing.models import Application, DelinquencyBand, Loan, Repayment
from financing.schedule import add_months, build_schedule
from notifications.models import Notification
from tests.factories import CooperativeFactory, EnterpriseFactory, district, officer_of

from .factories import (
    ApplicationFactory,
    LoanFactory,
    SchemeFactory,
    approved_application,
    disbursed_loan,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
FLAT_12 = {"method": "flat", "annual_rate": Decimal("12.00")}


@pytest.fixture
def flat_loan(reviewer, today):
    """12,000,000 flat 12% over 12 months: 1,000,000 + 120,000 a month."""
    return disbursed_loan(
        disbursed_on=today - 10 * DAY,
        by=reviewer,
        amount=Decimal(12_000_000),
        scheme=SchemeFactory(**FLAT_12),
    )


def _pay(loan, amount, reference, by, **kwargs):
    return services.repayment_record(
        loan_id=loan.pk, amount=amount, reference=reference, by=by, **kwargs
    )


def _paid(loan):
    return list(
        loan.installments.order_by("number").values_list(
            "interest_paid", "principal_paid", "paid_on"
        )
    )


# --- Disbursement ----------------------------------------------------------------


def test_loan_disburse_creates_the_loan_and_its_schedule(
    approved, payer, officer, today
):
    disbursed_on = today - 10 * DAY

    loan = services.loan_disburse(
        application_id=approved.pk,
        by=payer,
        disbursed_on=disbursed_on,
        reference="TRF-2026-001",
    )

    expected = build_schedule(
        principal=Decimal(10_000_000),
        annual_rate=Decimal(6),
        method="annuity",
        tenor_months=12,
        first_due=add_months(disbursed_on, 1),
    )
    rows = loan.installments.order_by("number").values_list(
        "number", "due_date", "principal", "interest", "balance"
    )
    assert list(rows) == [
        (r.number, r.due_date, r.principal, r.interest, r.balance) for r in expected
    ]
    assert loan.outstanding_principal == Decimal(10_000_000)
    assert loan.oldest_unpaid_due_on == expected[0].due_date
    assert Application.objects.get(pk=approved.pk).status == "disbursed"
    assert Notification.objects.filter(
        user=officer, kind="financing_disbursed"
    ).exists()


def test_loan_disburse_twice_makes_one_loan(approved, payer):
    services.loan_disburse(application_id=approved.pk, by=payer)

    with pytest.raises(ValidationError, match="sudah dicairkan"):
        services.loan_disburse(application_id=approved.pk, by=payer)

    assert Loan.objects.filter(application=approved).count() == 1


def test_loan_disburse_refuses_an_application_not_approved(under_review, reviewer):
    with pytest.raises(ValidationError, match="Hanya permohonan yang disetujui"):
        services.loan_disburse(application_id=under_review.pk, by=reviewer)

    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "10000001"}, "amount"),
        ({"disbursed_on": "tomorrow"}, "disbursed_on"),
    ],
)
def test_loan_disburse_refuses_bad_terms(approved, payer, today, kwargs, field):
    if kwargs.get("disbursed_on") == "tomorrow":
        kwargs = {"disbursed_on": today + DAY}

    with pytest.raises(ValidationError) as exc:
        services.loan_disburse(application_id=approved.pk, by=payer, **kwargs)

    assert field in exc.value.message_dict


def test_loan_disburse_a_lower_amount(approved, payer):
    loan = services.loan_disburse(
        application_id=approved.pk, by=payer, amount="6000000"
    )

    assert loan.principal == Decimal(6_000_000)
    assert sum(row.principal for row in loan.installments.all()) == Decimal(6_000_000)


def test_loan_disbursement_reference_is_unique(reviewer):
    first = approved_application()
    second = approved_application()
    services.loan_disburse(application_id=first.pk, by=reviewer, reference="TRF-9")

    with pytest.raises(ValidationError) as exc:
        services.loan_disburse(application_id=second.pk, by=reviewer, reference="TRF-9")

    assert "sudah dipakai" in str(exc.value)


# --- Repayments ------------------------------------------------------------------


def test_repayment_goes_to_interest_first(flat_loan, reviewer):
    repayment = _pay(flat_loan, "100000", "BNI-1", reviewer)

    assert (repayment.interest_part, repayment.principal_part) == (
        Decimal(100_000),
        Decimal(0),
    )
    assert _paid(flat_loan)[0] == (Decimal(100_000), Decimal(0), None)


def test_repayment_fills_the_oldest_installment_then_the_next(
    flat_loan, reviewer, today
):
    repayment = _pay(flat_loan, "1170000", "BNI-2", reviewer, paid_on=today)

    paid = _paid(flat_loan)
    assert paid[0] == (Decimal(120_000), Decimal(1_000_000), today)
    assert paid[1] == (Decimal(50_000), Decimal(0), None)
    assert paid[2] == (Decimal(0), Decimal(0), None)
    allocations = repayment.allocations.order_by("installment__number")
    assert [(a.interest, a.principal) for a in allocations] == [
        (Decimal(120_000), Decimal(1_000_000)),
        (Decimal(50_000), Decimal(0)),
    ]
    flat_loan.refresh_from_db()
    assert flat_loan.outstanding_principal == Decimal(11_000_000)
    assert flat_loan.oldest_unpaid_due_on == add_months(flat_loan.first_due_on, 1)


def test_repayment_beyond_everything_owed_is_refused(flat_loan, reviewer):
    with pytest.raises(ValidationError) as exc:
        _pay(flat_loan, "13440001", "BNI-3", reviewer)

    assert "paling banyak Rp13.440.000" in exc.value.message_dict["amount"][0]
    assert not Repayment.objects.exists()


def test_repayment_of_everything_closes_the_loan(flat_loan, reviewer, today):
    _pay(flat_loan, "13440000", "BNI-4", reviewer)

    flat_loan.refresh_from_db()
    assert flat_loan.closed_on == today
    assert flat_loan.outstanding_principal == 0
    assert flat_loan.status_on(today) == Loan.Status.CLOSED
    with pytest.raises(ValidationError, match="sudah lunas"):
        _pay(flat_loan, "1000", "BNI-5", reviewer)


def test_repayment_reference_is_idempotent(flat_loan, reviewer):
    first = _pay(flat_loan, "1120000", "BNI-6", reviewer)

    again = _pay(flat_loan, "1120000", "BNI-6", reviewer)

    assert again.pk == first.pk
    assert (first.was_recorded, again.was_recorded) == (True, False)
    assert Repayment.objects.count() == 1
    assert _paid(flat_loan)[1] == (Decimal(0), Decimal(0), None)


def test_repayment_reference_reused_for_another_payment_is_refused(
    flat_loan, reviewer, today
):
    other = disbursed_loan(disbursed_on=today - 5 * DAY, by=reviewer)
    _pay(flat_loan, "1120000", "BNI-7", reviewer)

    for loan, amount in ((flat_loan, "5000"), (other, "1120000")):
        with pytest.raises(ValidationError) as exc:
            _pay(loan, amount, "BNI-7", reviewer)
        assert "reference" in exc.value.message_dict


@pytest.mark.parametrize(("days", "message"), [(-11, "sebelum"), (1, "masa depan")])
def test_repayment_date_within_the_loan(flat_loan, reviewer, today, days, message):
    with pytest.raises(ValidationError) as exc:
        _pay(flat_loan, "1000", "BNI-8", reviewer, paid_on=today + days * DAY)

    assert message in exc.value.message_dict["paid_on"][0]


# --- Days past due and status ----------------------------------------------------


def test_days_past_due_from_the_oldest_unpaid_installment(reviewer, today):
    loan = disbursed_loan(
        disbursed_on=today - 100 * DAY, by=reviewer, scheme=SchemeFactory(**FLAT_12)
    )
    first_due = loan.first_due_on

    listed = selectors.loan_list(scope=Scope.province()).get(pk=loan.pk)

    assert listed.days_past_due == (today - first_due).days
    assert listed.days_past_due == loan.days_past_due_on(today)
    assert listed.status == Loan.Status.IN_ARREARS
    detail = selectors.loan_detail_list(scope=Scope.province()).get(pk=loan.pk)
    overdue = [row for row in detail.installments.all() if row.due_date < today]
    assert selectors.loan_arrears(detail, today) == sum(r.payment for r in overdue)

    _pay(loan, str(selectors.loan_arrears(detail, today)), "BNI-9", reviewer)

    listed = selectors.loan_list(scope=Scope.province()).get(pk=loan.pk)
    assert (listed.days_past_due, listed.status) == (0, Loan.Status.CURRENT)


@pytest.mark.parametrize(
    ("days_ago", "days_past_due", "status"),
    [
        (-5, 0, "current"),
        (0, 0, "current"),
        (1, 1, "in_arrears"),
        (45, 45, "in_arrears"),
    ],
)
def test_days_past_due_boundaries(today, days_ago, days_past_due, status):
    loan = LoanFactory(oldest_unpaid_due_on=today - days_ago * DAY)

    listed = selectors.loan_list(scope=Scope.province(), today=today).get(pk=loan.pk)

    assert (listed.days_past_due, listed.status) == (days_past_due, status)
    assert loan.status_on(today) == status


# --- PAR -------------------------------------------------------------------------


def _loan_past_due(today, days, outstanding, **kwargs):
    return LoanFactory(
        oldest_unpaid_due_on=today - days * DAY,
        outstanding_principal=Decimal(outstanding),
        **kwargs,
    )


def test_par_per_band_at_the_boundaries(today):
    for days, outstanding in [
        (0, 1_000_000),  # due today: not late
        (30, 2_000_000),
        (31, 3_000_000),
        (60, 4_000_000),
        (61, 5_000_000),
        (90, 6_000_000),
        (91, 7_000_000),
    ]:
        _loan_past_due(today, days, outstanding)
    _loan_past_due(today, 200, 0, closed_on=today)

    report = selectors.par_report(scope=Scope.province(), today=today)

    bands = {row["band"]: row for row in report["bands"]}
    assert report["outstanding"] == Decimal(28_000_000)
    assert [(b["loans"], b["outstanding"]) for b in report["bands"]] == [
        (1, Decimal(2_000_000)),
        (2, Decimal(7_000_000)),
        (2, Decimal(11_000_000)),
        (1, Decimal(7_000_000)),
    ]
    # PAR 30 / 60 / 90: outstanding of loans more than 30 / 60 / 90 days late.
    assert bands["dpd-31-60"]["par"] == Decimal(25_000_000)
    assert bands["dpd-61-90"]["par"] == Decimal(18_000_000)
    assert bands["dpd-91"]["par"] == Decimal(7_000_000)
    assert bands["dpd-91"]["par_ratio"] == Decimal(7) / Decimal(28)


def test_par_follows_bands_staff_change(today):
    _loan_past_due(today, 30, 2_000_000)
    DelinquencyBand.objects.filter(code="dpd-1-30").update(max_days=29)
    DelinquencyBand.objects.filter(code="dpd-31-60").update(min_days=30)

    report = selectors.par_report(scope=Scope.province(), today=today)

    bands = {row["band"]: row for row in report["bands"]}
    assert bands["dpd-1-30"]["loans"] == 0
    assert bands["dpd-31-60"]["loans"] == 1


def test_par_and_portfolio_are_scoped(today):
    _loan_past_due(today, 40, 3_000_000)
    balikpapan = ApplicationFactory(
        cooperative=CooperativeFactory(district=district("64.71")),
        status="disbursed",
        approved_amount=Decimal(10_000_000),
        budget_year=2026,
    )
    _loan_past_due(today, 40, 5_000_000, application=balikpapan)

    report = selectors.par_report(scope=Scope.district("64.71"), today=today)
    rows = selectors.portfolio_stats(scope=Scope.district("64.71"), today=today)

    assert report["outstanding"] == Decimal(5_000_000)
    assert [(row["key"], row["outstanding"], row["par"]) for row in rows] == [
        ("64.71", Decimal(5_000_000), Decimal(5_000_000))
    ]


def test_portfolio_repayment_rate(reviewer, today):
    loan = disbursed_loan(
        disbursed_on=add_months(today, -2) - DAY,
        by=reviewer,
        scheme=SchemeFactory(code="flat-12", **FLAT_12),
    )
    _pay(loan, "1120000", "BNI-10", reviewer)

    [by_district] = selectors.portfolio_stats(scope=Scope.province(), today=today)
    [by_scheme] = selectors.portfolio_stats(
        scope=Scope.province(), group_by="scheme", today=today
    )

    # Two installments due so far (2,240,000), one paid.
    assert by_district["repayment_rate"] == Decimal("0.5")
    assert by_district["disbursed"] == Decimal(12_000_000)
    assert by_district["outstanding"] == Decimal(11_000_000)
    assert by_scheme["key"] == "flat-12"


def test_officer_scope_covers_their_cooperative_and_its_smes():
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    own = LoanFactory(application__cooperative=cooperative)
    member_sme = LoanFactory(
        application__cooperative=None,
        application__enterprise=EnterpriseFactory(cooperative=cooperative),
    )
    LoanFactory()

    visible = selectors.loan_list(scope=Scope.for_user(officer))

    assert {loan.pk for loan in visible} == {own.pk, member_sme.pk}
