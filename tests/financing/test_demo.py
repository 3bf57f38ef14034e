"""The financing demo data: every status and loan state, idempotent."""

import random

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.scope import Scope
from demo import financing as demo
from demo import financing_schemes as demo_schemes
from demo import registry as registry_demo
from financing import selectors
from financing.models import Application, Loan, Scheme

pytestmark = pytest.mark.django_db


def _seed():
    today = timezone.localdate()
    return demo.seed(random.Random("2026:financing"), today=today)


def test_demo_has_every_status_and_loan_state():
    registry_demo.seed_registry(
        cooperatives=40, enterprises=120, years=3, seed=2026, password="kukm-demo-2026"
    )

    first = _seed()
    second = _seed()

    assert first == second
    assert set(Scheme.objects.values_list("method", flat=True)) == {
        "flat",
        "annuity",
        "declining",
    }
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    states = {loan.status for loan in selectors.loan_list(scope=Scope.province())}
    assert states == set(Loan.Status.values)
    demo_cooperative = Application.objects.filter(
        cooperative__nik=registry_demo.DEMO_COOPERATIVE_NIK
    )
    assert demo_cooperative.filter(status="disbursed").exists()


def test_demo_keeps_four_eyes_and_lets_the_demo_staff_disburse():
    registry_demo.seed_registry(
        cooperatives=20, enterprises=40, years=2, seed=2026, password="kukm-demo-2026"
    )

    _seed()

    deciders = set(
        Application.objects.filter(decided_by__isnull=False).values_list(
            "decided_by__username", flat=True
        )
    )
    payers = set(Loan.objects.values_list("disbursed_by__username", flat=True))
    assert deciders == {demo.DECIDER}
    assert payers == {"staf.demo"}
    assert not Loan.objects.filter(approver_disbursed=True).exists()
    assert not User.objects.get(username=demo.DECIDER).has_usable_password()


def test_demo_without_a_registry_makes_only_schemes():
    counts = _seed()

    assert counts["skema pembiayaan"] == len(demo_schemes.SCHEMES)
    assert counts["permohonan pembiayaan"] == 0
