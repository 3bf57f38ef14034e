"""A walk-in: staff add a draft application in the admin on a cooperative's or an
SME's behalf, through the create service the portal and the API use, and submit
it with the admin action (the scheme's rules checked)."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from financing.models import Application
from tests.factories import (
    AgencyStaffFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    district,
    grant,
)

from .factories import SchemeFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/financing/application/add/"
CHANGELIST = "/admin/financing/application/"


def form(**overrides):
    data = {
        "scheme": "",
        "cooperative": "",
        "enterprise": "",
        "amount": "25.000.000",
        "tenor_months": "12",
        "purpose": "working_capital",
        "business_description": "Warung sembako",
        "use_of_funds": "",
        "repayment_source": "",
        "monthly_revenue": "",
        "business_started_on": "",
    }
    data.update(overrides)
    return data


def test_the_add_page_shows_the_walk_in_form(staff_client):
    page = staff_client.get(ADD)

    assert page.status_code == 200
    fields = set(page.context["adminform"].form.fields)
    assert {"scheme", "cooperative", "enterprise", "amount", "purpose"} <= fields
    assert "status" not in fields
    assert "checklist" not in fields


def test_staff_add_a_cooperative_application_through_the_service(
    staff_client, staff_user, scheme, cooperative
):
    response = staff_client.post(
        ADD, form(scheme=scheme.pk, cooperative=cooperative.pk)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get()
    assert application.status == Application.Status.DRAFT
    assert application.number.startswith("FIN-")  # numbered by the service
    assert application.district_id == cooperative.district_id
    assert application.amount == Decimal("25000000")
    assert application.created_by == staff_user
    # The service's history note: the reason a create records.
    assert application.history.get().history_change_reason == "create"


def test_staff_add_an_enterprise_application_of_another_district(staff_client, scheme):
    enterprise = EnterpriseFactory(district=district("64.71"))

    response = staff_client.post(ADD, form(scheme=scheme.pk, enterprise=enterprise.pk))

    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get()
    assert application.enterprise == enterprise
    assert application.cooperative is None
    assert application.district_id == "64.71"


def test_a_refusal_of_the_service_comes_back_on_the_form(staff_client, cooperative):
    closed = SchemeFactory(code="tutup", is_open=False)

    response = staff_client.post(
        ADD, form(scheme=closed.pk, cooperative=cooperative.pk)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["scheme"] == ["Skema ini sedang tidak menerima permohonan."]
    assert not Application.objects.exists()


def test_two_applicants_are_refused(staff_client, scheme, cooperative):
    enterprise = EnterpriseFactory()

    response = staff_client.post(
        ADD,
        form(scheme=scheme.pk, cooperative=cooperative.pk, enterprise=enterprise.pk),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "cooperative": ["Pemohon harus satu koperasi atau satu UMKM, tidak keduanya."]
    }
    assert not Application.objects.exists()


def test_the_submit_action_runs_the_eligibility_rules(staff_client, cooperative):
    small = SchemeFactory(code="kecil", max_amount=Decimal("10000000"))
    staff_client.post(ADD, form(scheme=small.pk, cooperative=cooperative.pk))
    too_big = Application.objects.get()
    staff_client.post(
        ADD, form(scheme=small.pk, cooperative=cooperative.pk, amount="5.000.000")
    )
    fits = Application.objects.exclude(pk=too_big.pk).get()

    response = staff_client.post(
        CHANGELIST,
        {"action": "submit", "_selected_action": [too_big.pk, fits.pk]},
        follow=True,
    )

    texts = [str(m) for m in get_messages(response.wsgi_request)]
    too_big.refresh_from_db()
    fits.refresh_from_db()
    assert fits.status == Application.Status.SUBMITTED
    assert too_big.status == Application.Status.DRAFT
    assert any(
        text.startswith(too_big.number) and "di luar batas skema" in text
        for text in texts
    ), texts


def test_a_district_user_cannot_add(client):
    # Even given the model permission: the walk-in desk is the agency's.
    user = grant(
        DistrictUserFactory(is_staff=True),
        permissions=["financing.add_application", "financing.view_application"],
    )
    client.force_login(user)

    assert client.get(ADD).status_code in (302, 403)


def test_the_counter_group_alone_may_enter_a_walk_in(client, scheme, cooperative):
    """The duty group of the counter (loket) is what a walk-in needs: without it
    agency staff cannot add; with it alone they can, and nothing more."""
    plain = AgencyStaffFactory()
    client.force_login(plain)
    assert client.get(ADD).status_code == 403

    clerk = AgencyStaffFactory(groups=["Penerima permohonan (loket)"])
    client.force_login(clerk)
    response = client.post(ADD, form(scheme=scheme.pk, cooperative=cooperative.pk))

    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get()
    assert application.status == Application.Status.DRAFT
    assert application.cooperative_id == cooperative.pk
    assert not clerk.has_perm("financing.review_application")
    assert not clerk.has_perm("financing.decide_application")
