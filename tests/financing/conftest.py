import datetime

import pytest
from django.utils import timezone

from financing import services
from financing.models import DelinquencyBand
from financing.reference_data import load_delinquency_bands
from tests.factories import CooperativeFactory, StaffFactory, grant, officer_of

from .factories import SchemeFactory


@pytest.fixture(autouse=True)
def _delinquency_bands(request, _reference_data):
    """The bands come from a data migration; a transactional test's flush
    removes them, so put them back."""
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if request.node.get_closest_marker("django_db") or uses_db:
        load_delinquency_bands(DelinquencyBand)


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def scheme(db):
    return SchemeFactory(code="dana-bergulir", name="Dana Bergulir Uji")


@pytest.fixture
def cooperative(db, today):
    """Active (RAT last year), founded long ago, in Samarinda."""
    return CooperativeFactory(
        last_rat_on=datetime.date(today.year - 1, 3, 1),
        established_on=datetime.date(2010, 5, 1),
    )


@pytest.fixture
def officer(cooperative):
    return officer_of(cooperative)


@pytest.fixture
def reviewer(db):
    return StaffFactory()


@pytest.fixture
def payer(db):
    """Disburses: not the reviewer, who approved (four eyes)."""
    return StaffFactory()


@pytest.fixture
def repayment_api(staff_api):
    """A province-wide token whose service user may record repayments."""
    grant(staff_api.token.user, groups=["Pencatat angsuran"])
    return staff_api


@pytest.fixture
def draft(scheme, cooperative, officer):
    return services.application_create(
        data={
            "scheme": scheme,
            "cooperative": cooperative,
            "amount": "10000000",
            "tenor_months": 12,
            "purpose": "working_capital",
            "business_description": "Toko sembako anggota",
        },
        by=officer,
    )


@pytest.fixture
def under_review(draft, officer, reviewer):
    services.application_submit(application_id=draft.pk, by=officer)
    return services.application_assign_reviewer(
        application_id=draft.pk, reviewer=reviewer, by=reviewer
    )


@pytest.fixture
def approved(under_review, reviewer):
    return services.application_approve(application_id=under_review.pk, by=reviewer)
