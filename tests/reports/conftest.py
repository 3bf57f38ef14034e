"""Small fixtures for the program outcomes and financing portfolio reports, with
figures small enough to compute by hand (see each fixture's docstring)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cooperatives.models import AnnualReport
from financing.models import Application, Installment
from programs.models import Enrolment, Program
from tests.factories import AnnualReportFactory, CooperativeFactory, district
from tests.financing.factories import ApplicationFactory, LoanFactory, SchemeFactory
from tests.programs.factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    ProgramFactory,
    days,
)

YEAR = timezone.localdate().year
M = Decimal(1_000_000)


def _enrol(program, cooperative, status, n=[0]):  # noqa: B006 a shared counter
    n[0] += 1
    certified = status == Enrolment.Status.COMPLETED
    return EnrolmentFactory(
        program=program,
        cooperative=cooperative,
        status=status,
        certificate_number=f"SERT/{n[0]}" if certified else None,
        certificate_code=f"kode-{n[0]}" if certified else None,
    )


@pytest.fixture
def program_data():
    """Programs of YEAR:
    - DIKLAT-A (training, province-wide, quota 30): Samarinda 2 completed (with
      certificates), 1 no-show, 1 waitlisted, 1 cancelled; Balikpapan 1 completed.
      → province 4 participants, 3 completed, 3 certificates; Samarinda 3, 2, 2.
    - BIMTEK-B (technical guidance, Balikpapan, quota 20): 2 confirmed.
    - DIKLAT-C: a draft (left out).
    DIKLAT-Z of YEAR-1: 1 completed from Samarinda (another year).
    Mentoring in YEAR: Samarinda K1 inactive → RAT after the start (reactivated),
    Samarinda K2 active at the start, Balikpapan K3 inactive, no RAT since.
    → province 3 mentored, 2 inactive, 1 reactivated; Samarinda 2, 1, 1."""
    samarinda = CooperativeFactory(district=district("64.72"))
    balikpapan = CooperativeFactory(district=district("64.71"))
    a = ProgramFactory(code="DIKLAT-A", quota=30, past=True)
    b = ProgramFactory(
        code="BIMTEK-B",
        kind=Program.Kind.TECHNICAL_GUIDANCE,
        district=district("64.71"),
        quota=20,
    )
    ProgramFactory(code="DIKLAT-C", status=Program.Status.DRAFT)
    z = ProgramFactory(code="DIKLAT-Z", year=YEAR - 1, past=True)
    status = Enrolment.Status
    for program, cooperative, state in [
        (a, samarinda, status.COMPLETED),
        (a, samarinda, status.COMPLETED),
        (a, samarinda, status.NO_SHOW),
        (a, samarinda, status.WAITLISTED),
        (a, samarinda, status.CANCELLED),
        (a, balikpapan, status.COMPLETED),
        (b, balikpapan, status.CONFIRMED),
        (b, balikpapan, status.CONFIRMED),
        (z, samarinda, status.COMPLETED),
    ]:
        _enrol(program, cooperative, state)

    start = days(-30)
    k1, k2 = (CooperativeFactory(district=district("64.72")) for _ in range(2))
    k3 = CooperativeFactory(district=district("64.71"))
    for cooperative in (k1, k2, k3):
        MentorAssignmentFactory(cooperative=cooperative, year=YEAR, starts_on=start)
    verified = AnnualReport.Status.VERIFIED
    AnnualReportFactory(
        cooperative=k1, fiscal_year=YEAR - 1, status=verified, rat_held_on=days(-5)
    )
    AnnualReportFactory(
        cooperative=k2,
        fiscal_year=YEAR - 2,
        status=verified,
        rat_held_on=start - datetime.timedelta(days=200),
    )


@pytest.fixture
def financing_data():
    """Loans, as of today (T):
    L1 Samarinda, scheme A: principal 10 M, outstanding 8 M, oldest unpaid T-10;
       installments due T-40 (1.1 M, paid) and T-10 (1.1 M, unpaid), T+20.
    L2 Samarinda, scheme A: 20 M, outstanding 15 M, oldest unpaid T-45.
    L3 Balikpapan, scheme B: 30 M, outstanding 25 M, oldest unpaid T-100.
    L4 Balikpapan, scheme A: 5 M, repaid and closed.
    Applications besides the 4 disbursed (10 M each): Samarinda submitted this
    year (7 M) and a draft (3 M); Balikpapan rejected (4 M)."""
    today = timezone.localdate()
    ago = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    scheme_a = SchemeFactory(code="skema-a", name="Skema A")
    scheme_b = SchemeFactory(code="skema-b", name="Skema B")

    def loan(code, scheme, principal, outstanding, oldest, **kwargs):
        return LoanFactory(
            application__cooperative=CooperativeFactory(district=district(code)),
            application__scheme=scheme,
            principal=principal * M,
            outstanding_principal=outstanding * M,
            oldest_unpaid_due_on=oldest,
            disbursed_on=kwargs.pop("disbursed_on", ago(120)),
            first_due_on=ago(70),
            **kwargs,
        )

    l1 = loan("64.72", scheme_a, 10, 8, ago(10))
    loan("64.72", scheme_a, 20, 15, ago(45))
    loan("64.71", scheme_b, 30, 25, ago(100))
    loan("64.71", scheme_a, 5, 0, None, closed_on=ago(5), disbursed_on=ago(400))
    for number, due, paid in [(1, ago(40), True), (2, ago(10), False)]:
        Installment.objects.create(
            loan=l1,
            number=number,
            due_date=due,
            principal=M,
            interest=M / 10,
            balance=0,
            principal_paid=M if paid else 0,
            interest_paid=M / 10 if paid else 0,
            paid_on=due if paid else None,
        )
    Installment.objects.create(
        loan=l1, number=3, due_date=ago(-20), principal=M, interest=M / 10, balance=0
    )
    samarinda = CooperativeFactory(district=district("64.72"))
    ApplicationFactory(
        cooperative=samarinda,
        scheme=scheme_a,
        amount=7 * M,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    ApplicationFactory(cooperative=samarinda, scheme=scheme_a, amount=3 * M)
    ApplicationFactory(
        cooperative=CooperativeFactory(district=district("64.71")),
        scheme=scheme_b,
        amount=4 * M,
        status=Application.Status.REJECTED,
        decision_reason="Usaha belum berjalan satu tahun.",
    )
