"""The partner steps through the staff review page: a district user recommends
and forwards an application of their district and opens the letter; another
district's user gets 404; the partner's decision and disbursement are recorded
by staff holding those duties; the agency's approve is refused on a KUR."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from financing import services
from financing.models import Application, Loan, Recommendation, Scheme
from notifications.models import Notification
from tests.factories import AgencyStaffFactory, DistrictUserFactory, district, grant

from .factories import SchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kur_application(cooperative, officer):
    scheme = SchemeFactory(
        code="kur-kecil-uji", name="KUR Kecil Uji", decided_by=Scheme.DecidedBy.PARTNER
    )
    application = services.application_create(
        data={
            "scheme": scheme,
            "cooperative": cooperative,
            "amount": "30000000",
            "tenor_months": 12,
            "purpose": "investment",
        },
        by=officer,
    )
    return services.application_submit(application_id=application.pk, by=officer)


def _page(application):
    return reverse("portal:financing-review", args=[application.pk])


def _post(client, application, action, **data):
    post = {"action": action, **{f"{action}-{k}": v for k, v in data.items()}}
    return client.post(_page(application), post)


def test_kur_through_the_review_page(client, kur_application, cooperative, officer):
    today = str(timezone.localdate())
    local = grant(
        DistrictUserFactory(district=cooperative.district),
        groups=["Perekomendasi pembiayaan"],
    )
    client.force_login(local)
    page = client.get(_page(kur_application))
    assert page.status_code == 200
    assert "Terbitkan surat rekomendasi" in page.text
    assert "Setujui permohonan" not in page.text

    assert (
        _post(client, kur_application, "recommend", issued_on=today).status_code == 302
    )
    letter = client.get(
        reverse("portal:financing-recommendation-pdf", args=[kur_application.pk])
    )
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert client.post(_page(kur_application), {"action": "forward"}).status_code == 302
    assert Application.objects.get(pk=kur_application.pk).status == "forwarded"

    client.force_login(AgencyStaffFactory(groups=["Pencatat keputusan penyalur"]))
    response = _post(
        client,
        kur_application,
        "partner_approve",
        decided_on=today,
        amount="25.000.000",
        reference="BKT-0099",
    )
    assert response.status_code == 302
    client.force_login(AgencyStaffFactory(groups=["Juru bayar pembiayaan"]))
    response = _post(client, kur_application, "partner_disburse", disbursed_on=today)
    assert response.status_code == 302
    loan = Loan.objects.get(application=kur_application)
    assert loan.disbursement_reference == "BKT-0099"
    assert str(loan.principal) == "25000000.00"
    assert Notification.objects.filter(
        user=officer, kind="financing_disbursed"
    ).exists()


def test_another_district_gets_404(client, kur_application):
    elsewhere = grant(
        DistrictUserFactory(district=district("64.71")),
        groups=["Perekomendasi pembiayaan"],
    )
    client.force_login(elsewhere)
    assert client.get(_page(kur_application)).status_code == 404
    today = str(timezone.localdate())
    assert (
        _post(client, kur_application, "recommend", issued_on=today).status_code == 404
    )
    pdf = reverse("portal:financing-recommendation-pdf", args=[kur_application.pk])
    assert client.get(pdf).status_code == 404
    assert Application.objects.get(pk=kur_application.pk).status == "submitted"


def test_agency_approval_of_a_kur_is_refused_on_the_page(client, kur_application):
    decider = AgencyStaffFactory(groups=["Peninjau pembiayaan", "Pemutus pembiayaan"])
    services.application_assign_reviewer(
        application_id=kur_application.pk, reviewer=decider, by=decider
    )
    client.force_login(decider)
    response = _post(client, kur_application, "approve", amount="")
    assert "diputuskan oleh penyalur" in response.text
    assert Application.objects.get(pk=kur_application.pk).status == "under_review"


def test_recommending_without_the_duty_is_refused(client, kur_application, cooperative):
    client.force_login(DistrictUserFactory(district=cooperative.district))
    page = client.get(_page(kur_application))
    assert "Terbitkan surat rekomendasi" not in page.text
    today = str(timezone.localdate())
    response = _post(client, kur_application, "recommend", issued_on=today)
    assert response.status_code == 403
    assert "tidak berwenang merekomendasikan" in response.text


def test_officers_do_not_reach_the_review_page(client, kur_application, officer):
    client.force_login(officer)
    assert client.get(_page(kur_application)).status_code == 302


# --- The same path through the admin's actions -----------------------------------


def _action(client, action, application, **fields):
    response = client.post(
        "/admin/financing/application/",
        {"action": action, "_selected_action": [application.pk], **fields},
        follow=True,
    )
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_kur_through_the_admin_actions(client, kur_application):
    decider = AgencyStaffFactory(groups=["Pemutus pembiayaan"])
    client.force_login(decider)
    refused = _action(client, "approve", kur_application)
    assert any("diputuskan oleh penyalur" in message for message in refused)

    client.force_login(AgencyStaffFactory(groups=["Perekomendasi pembiayaan"]))
    done = _action(client, "recommend_and_forward", kur_application)
    assert "1 permohonan direkomendasikan dan diteruskan ke penyalur." in done
    assert Recommendation.objects.filter(application=kur_application).exists()

    client.force_login(AgencyStaffFactory(groups=["Pencatat keputusan penyalur"]))
    missing = _action(client, "partner_approve", kur_application, amount="30.000.000")
    assert any("referensi" in message for message in missing)
    done = _action(
        client, "partner_approve", kur_application, amount="30.000.000", reference="B-7"
    )
    assert "1 persetujuan penyalur dicatat." in done

    client.force_login(AgencyStaffFactory(groups=["Juru bayar pembiayaan"]))
    done = _action(client, "partner_disburse", kur_application)
    assert "1 pencairan penyalur dicatat." in done
    loan = Loan.objects.get(application=kur_application)
    assert loan.disbursement_reference == "B-7"
