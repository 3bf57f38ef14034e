"""The financing admin writes its reference data through the services: schemes
with their budgets, delinquency bands; one that loans still refer to is refused,
not lost; a loan's page writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from financing import services
from financing.models import DelinquencyBand, Loan, Scheme

from .factories import SchemeFactory, disbursed_loan

pytestmark = pytest.mark.django_db

ADMIN = "/admin/financing"


def _form(client, url, **changes) -> dict:
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, Decimal):
            # What the page shows (an amount as 1.250.000), as the browser posts it.
            value = form[name].field.widget.format_value(value)
        if value is None:
            value = ""
        if isinstance(value, bool) and not value:
            continue
        data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data | changes


def test_scheme_change_in_the_admin_goes_through_the_service(staff_client):
    scheme = SchemeFactory(name="Lama")
    url = f"{ADMIN}/scheme/{scheme.pk}/change/"

    response = staff_client.post(url, _form(staff_client, url, name="Baru"))

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "Baru"


def test_scheme_budget_added_inline_goes_through_the_service(staff_client):
    scheme = SchemeFactory()
    url = f"{ADMIN}/scheme/{scheme.pk}/change/"
    data = _form(staff_client, url)
    data |= {
        "budgets-TOTAL_FORMS": 1,
        "budgets-0-year": 2026,
        "budgets-0-ceiling": "1000000000",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(scheme.budgets.values_list("year", flat=True)) == [2026]


def test_delinquency_band_add_and_delete_in_the_admin(staff_client):
    add = staff_client.post(
        f"{ADMIN}/delinquencyband/add/",
        {"code": "uji", "label": "Uji", "min_days": 1000, "max_days": 2000},
    )
    band = DelinquencyBand.objects.get(code="uji")

    delete = staff_client.post(
        f"{ADMIN}/delinquencyband/{band.pk}/delete/", {"post": "yes"}
    )

    assert (add.status_code, delete.status_code) == (302, 302)
    assert not DelinquencyBand.objects.filter(code="uji").exists()


def test_reference_delete_refuses_a_scheme_with_applications(staff_user):
    loan = disbursed_loan(disbursed_on=datetime.date(2026, 1, 5))
    scheme_id = loan.application.scheme_id

    with pytest.raises(ValidationError):
        services.reference_delete(model=Scheme, pk=scheme_id, by=staff_user)

    assert Scheme.objects.filter(pk=scheme_id).exists()


def test_saving_a_loan_page_writes_nothing(staff_client):
    loan = disbursed_loan(disbursed_on=datetime.date(2026, 1, 5))
    url = f"{ADMIN}/loan/{loan.pk}/change/"
    history = loan.history.count()

    response = staff_client.post(url, _form(staff_client, url))

    assert response.status_code == 302
    assert Loan.objects.get(pk=loan.pk).history.count() == history


def test_scheme_rules_from_the_domain_are_kept_in_the_admin(staff_client):
    scheme = SchemeFactory(name="Dana Daerah", max_tenor_months=60)
    url = f"{ADMIN}/scheme/{scheme.pk}/change/"

    data = _form(
        staff_client,
        url,
        min_amount="1.000.000",  # as a person types it (the form's own value
        max_amount="100.000.000",  # reads as cents: the money parser's issue)
        districts=["64.09"],
        is_kur="on",
        rate_ladder="6,7,8,9",
        max_tenor_working_capital_months="36",
        max_tenor_investment_months="60",
    )
    response = staff_client.post(url, data)

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert [d.pk for d in scheme.districts.all()] == ["64.09"]
    assert scheme.is_kur
    assert [int(rate) for rate in scheme.rate_ladder] == [6, 7, 8, 9]
    assert scheme.max_tenor_for("working_capital") == 36
    assert scheme.max_tenor_for("investment") == 60
