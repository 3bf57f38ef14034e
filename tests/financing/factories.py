"""Financing factories with valid defaults, and helpers that go through the
services where a row's derived parts (number, schedule) matter."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from financing import services
from financing.models import Application, ApplicationDocument, Loan, Scheme
from tests.factories import CooperativeFactory, StaffFactory


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skema-uji-{n}")
    name = factory.Sequence(lambda n: f"Skema Uji {n}")
    partner = "Bankaltimtara"
    annual_rate = Decimal("6.00")
    method = Scheme.Method.ANNUITY
    min_amount = Decimal("1000000.00")
    max_amount = Decimal("100000000.00")
    max_tenor_months = 36
    for_cooperatives = True
    for_enterprises = True
    is_open = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A row as the services would leave it (number, district), in any status."""

    class Meta:
        model = Application

    number = factory.Sequence(lambda n: f"FIN-2099-{n + 1:06d}")
    scheme = factory.SubFactory(SchemeFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    enterprise = None
    district = factory.LazyAttribute(lambda a: (a.cooperative or a.enterprise).district)
    amount = Decimal("10000000.00")
    tenor_months = 12
    purpose = Application.Purpose.WORKING_CAPITAL


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    """An ID-card scan, its file stored (under MEDIA_ROOT, a temporary folder in
    the tests)."""

    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(ApplicationFactory)
    kind = ApplicationDocument.Kind.ID_CARD
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 KTP", name="ktp.pdf"))
    content_type = "application/pdf"
    size = 12
    original_name = "KTP Budi Santoso.pdf"


class LoanFactory(factory.django.DjangoModelFactory):
    """A loan row without installments (for lists); use `disbursed_loan` when
    the schedule matters."""

    class Meta:
        model = Loan

    application = factory.SubFactory(
        ApplicationFactory,
        status=Application.Status.DISBURSED,
        approved_amount=Decimal("10000000.00"),
        budget_year=2026,
    )
    principal = Decimal("10000000.00")
    annual_rate = Decimal("6.00")
    method = Scheme.Method.ANNUITY
    tenor_months = 12
    grace_months = 0
    grace_kind = Scheme.GraceKind.INTEREST_ONLY
    disbursed_on = datetime.date(2026, 1, 15)
    first_due_on = datetime.date(2026, 2, 15)
    outstanding_principal = Decimal("10000000.00")
    oldest_unpaid_due_on = datetime.date(2026, 2, 15)


def approved_application(**kwargs) -> Application:
    amount = kwargs.pop("amount", Decimal("10000000.00"))
    return ApplicationFactory(
        status=Application.Status.APPROVED,
        amount=amount,
        approved_amount=kwargs.pop("approved_amount", amount),
        budget_year=2026,
        **kwargs,
    )


def disbursed_loan(
    *, disbursed_on: datetime.date, by=None, amount=Decimal("12000000"), **kwargs
) -> Loan:
    """A loan made by the disbursement service, with its schedule."""
    application = approved_application(amount=amount, **kwargs)
    return services.loan_disburse(
        application_id=application.pk,
        by=by or StaffFactory(),
        disbursed_on=disbursed_on,
    )
