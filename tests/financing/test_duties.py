"""Separation of duties in financing (financing/duties.py): each duty refused
without its permission and allowed with its group, through the service, an admin
action, the staff review page and the API; whoever approved may not disburse
unless FINANCING_ALLOW_SAME_APPROVER_DISBURSER is on, and then the loan says so."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from financing import duties, services
from financing.models import Application, Loan, Repayment
from financing.services.loans import APPROVER_DISBURSED
from tests.factories import AgencyStaffFactory, StaffFactory

from .factories import ApplicationFactory, approved_application, disbursed_loan

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REVIEWERS = "Peninjau pembiayaan"
DECIDERS = "Pemutus pembiayaan"
PAYERS = "Juru bayar pembiayaan"
RECORDERS = "Pencatat angsuran"


def _assign(cooperative, by):
    application = ApplicationFactory(cooperative=cooperative, status="submitted")
    services.application_assign_reviewer(
        application_id=application.pk, reviewer=by, by=by
    )
    return Application.objects.get(pk=application.pk).status == "under_review"


def _review(cooperative, by):
    application = ApplicationFactory(
        cooperative=cooperative, status="under_review", reviewer=StaffFactory()
    )
    services.application_review_update(
        application_id=application.pk, by=by, notes="Lengkap"
    )
    return Application.objects.get(pk=application.pk).notes == "Lengkap"


def _approve(cooperative, by):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    services.application_approve(application_id=application.pk, by=by)
    return Application.objects.get(pk=application.pk).status == "approved"


def _reject(cooperative, by):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    services.application_reject(application_id=application.pk, by=by, reason="Kurang")
    return Application.objects.get(pk=application.pk).status == "rejected"


def _disburse(cooperative, by):
    application = approved_application(cooperative=cooperative)
    services.loan_disburse(application_id=application.pk, by=by)
    return Loan.objects.filter(application=application).exists()


def _record(cooperative, by):
    loan = disbursed_loan(
        disbursed_on=timezone.localdate() - 40 * DAY, cooperative=cooperative
    )
    services.repayment_record(loan_id=loan.pk, amount="1000", reference="R-1", by=by)
    return Repayment.objects.filter(loan=loan).exists()


def _pay_off(cooperative, by):
    loan = disbursed_loan(
        disbursed_on=timezone.localdate() - 40 * DAY, cooperative=cooperative
    )
    quote = services.payoff_quote(loan)
    services.loan_pay_off(loan_id=loan.pk, amount=quote.total, reference="P-1", by=by)
    return Loan.objects.get(pk=loan.pk).closed_on == timezone.localdate()


def _request_write_off(cooperative, by):
    loan = disbursed_loan(
        disbursed_on=timezone.localdate() - 400 * DAY, cooperative=cooperative
    )
    services.loan_write_off_request(loan_id=loan.pk, by=by, reason="Usaha tutup")
    return loan.write_offs.filter(requested_by=by).exists()


SERVICES = {
    "assign_reviewer": (REVIEWERS, _assign),
    "review_update": (REVIEWERS, _review),
    "approve": (DECIDERS, _approve),
    "reject": (DECIDERS, _reject),
    "disburse": (PAYERS, _disburse),
    "record_repayment": (RECORDERS, _record),
    "pay_off": ("Pencatat pelunasan dipercepat", _pay_off),
    "request_write_off": ("Pengusul hapus buku", _request_write_off),
}


@pytest.mark.parametrize("name", SERVICES)
def test_service_refuses_staff_holding_every_other_duty(cooperative, name):
    group, call = SERVICES[name]
    others = [other for other in duties.GROUPS if other != group]
    by = AgencyStaffFactory(groups=others)

    with pytest.raises(PermissionDenied, match="tidak berwenang"):
        call(cooperative, by)


@pytest.mark.parametrize("name", SERVICES)
def test_service_allows_staff_holding_only_its_duty(cooperative, name):
    group, call = SERVICES[name]
    by = AgencyStaffFactory(groups=[group])

    assert call(cooperative, by)


def test_service_refuses_an_actor_without_a_user(cooperative):
    with pytest.raises(PermissionDenied):
        _approve(cooperative, None)


def _holders(permission: str) -> set[str]:
    app_label, codename = permission.split(".")
    return set(
        Group.objects.filter(
            permissions__content_type__app_label=app_label,
            permissions__codename=codename,
        ).values_list("name", flat=True)
    )


def test_the_groups_hold_one_duty_each_and_keep_what_staff_added():
    """What the data migration runs (and runs again safely)."""
    Group.objects.filter(name__in=duties.GROUPS).delete()
    duties.load_duty_groups(Group, Permission)
    extra = Permission.objects.get(codename="view_scheme")
    Group.objects.get(name=DECIDERS).permissions.add(extra)

    duties.load_duty_groups(Group, Permission)

    assert {
        permission: _holders(permission)
        for permission in (
            duties.REVIEW,
            duties.DECIDE,
            duties.DISBURSE,
            duties.RECORD_REPAYMENT,
        )
    } == {
        duties.REVIEW: {REVIEWERS},
        duties.DECIDE: {DECIDERS},
        duties.DISBURSE: {PAYERS},
        duties.RECORD_REPAYMENT: {RECORDERS},
    }
    assert _holders("financing.view_scheme") == {DECIDERS}


def test_assigning_a_reviewer_without_the_review_duty_is_refused(cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="submitted")
    by = AgencyStaffFactory(groups=[REVIEWERS])
    decider = AgencyStaffFactory(groups=[DECIDERS])

    with pytest.raises(ValidationError) as refused:
        services.application_assign_reviewer(
            application_id=application.pk, reviewer=decider, by=by
        )

    assert "reviewer" in refused.value.message_dict
    assert Application.objects.get(pk=application.pk).reviewer is None


# --- Four eyes -------------------------------------------------------------------


@pytest.fixture
def approved_by(cooperative):
    """An application approved by staff who also hold the paying duty."""
    approver = AgencyStaffFactory(groups=[DECIDERS, PAYERS])
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    services.application_approve(application_id=application.pk, by=approver)
    return application, approver


def test_the_approver_may_not_disburse(approved_by):
    application, approver = approved_by

    with pytest.raises(PermissionDenied, match="Anda menyetujui permohonan ini"):
        services.loan_disburse(application_id=application.pk, by=approver)

    assert not Loan.objects.filter(application=application).exists()
    assert Application.objects.get(pk=application.pk).status == "approved"


def test_a_superuser_who_approved_may_not_disburse_either(cooperative):
    staff = StaffFactory()
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    services.application_approve(application_id=application.pk, by=staff)

    with pytest.raises(PermissionDenied):
        services.loan_disburse(application_id=application.pk, by=staff)


def test_another_payer_disburses_and_the_loan_is_not_marked(approved_by):
    application, _approver = approved_by
    payer = AgencyStaffFactory(groups=[PAYERS])

    loan = services.loan_disburse(application_id=application.pk, by=payer)

    assert loan.approver_disbursed is False
    assert loan.history.get().history_change_reason == "disburse"


def test_the_setting_lets_the_approver_disburse_and_the_loan_records_it(
    approved_by, settings
):
    settings.FINANCING_ALLOW_SAME_APPROVER_DISBURSER = True
    application, approver = approved_by

    loan = services.loan_disburse(application_id=application.pk, by=approver)

    loan.refresh_from_db()
    assert loan.approver_disbursed is True
    assert loan.disbursed_by == approver
    record = loan.history.get()
    assert record.approver_disbursed is True
    assert record.history_change_reason == APPROVER_DISBURSED
    last = Application.objects.get(pk=application.pk).history.first()
    assert (last.status, last.history_change_reason) == (
        "disbursed",
        APPROVER_DISBURSED,
    )


# --- Admin -----------------------------------------------------------------------


def _action(client, action, applications, **fields):
    return client.post(
        "/admin/financing/application/",
        {"action": action, "_selected_action": [a.pk for a in applications], **fields},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_admin_approve_action_refused_without_the_deciding_duty(client, cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    client.force_login(AgencyStaffFactory(groups=[REVIEWERS, PAYERS]))

    response = _action(client, "approve", [application])

    assert response.status_code == 200
    assert any(
        application.number in message and "tidak berwenang" in message
        for message in messages_of(response)
    )
    assert Application.objects.get(pk=application.pk).status == "under_review"


def test_admin_approve_action_allowed_with_the_deciding_duty(client, cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    client.force_login(AgencyStaffFactory(groups=[DECIDERS]))

    response = _action(client, "approve", [application])

    assert "1 permohonan disetujui." in messages_of(response)
    assert Application.objects.get(pk=application.pk).status == "approved"


def test_admin_disburse_action_refuses_the_approver(client, approved_by):
    application, approver = approved_by
    client.force_login(approver)

    response = _action(client, "disburse", [application])

    assert any("Anda menyetujui" in m for m in messages_of(response))
    assert not Loan.objects.filter(application=application).exists()


def test_admin_repayment_page_refused_without_the_recording_duty(client, today):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY)
    url = f"/admin/financing/loan/{loan.pk}/repayment/"
    body = {"amount": "60000", "reference": "A-1", "paid_on": str(today)}
    client.force_login(AgencyStaffFactory(groups=[PAYERS]))

    change = client.get(f"/admin/financing/loan/{loan.pk}/change/")
    refused = client.post(url, body)

    assert b"/repayment/" not in change.content  # no link to a page it cannot use
    assert refused.status_code == 200
    assert "tidak berwenang mencatat" in refused.content.decode()
    assert not loan.repayments.exists()
    client.force_login(AgencyStaffFactory(groups=[RECORDERS]))
    assert client.post(url, body).status_code == 302
    assert loan.repayments.exists()


# --- The staff review page ---------------------------------------------------------


def _review_post(client, application, action, **data):
    post = {"action": action, **{f"{action}-{k}": v for k, v in data.items()}}
    return client.post(reverse("portal:financing-review", args=[application.pk]), post)


def test_review_page_refuses_a_decision_without_the_deciding_duty(client, cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    client.force_login(AgencyStaffFactory(groups=[REVIEWERS]))

    page = client.get(reverse("portal:financing-review", args=[application.pk]))
    response = _review_post(client, application, "approve", amount="")

    assert "Setujui permohonan" not in page.text  # the form is not offered
    assert "Simpan daftar periksa" in page.text
    assert response.status_code == 403
    assert "tidak berwenang menyetujui" in response.text
    assert Application.objects.get(pk=application.pk).status == "under_review"


def test_review_page_decides_with_the_deciding_duty(client, cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    client.force_login(AgencyStaffFactory(groups=[DECIDERS]))

    response = _review_post(client, application, "approve", amount="")

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == "approved"


def test_review_page_refuses_the_approver_disbursing(client, approved_by):
    application, approver = approved_by
    client.force_login(approver)

    response = _review_post(
        client, application, "disburse", disbursed_on=str(timezone.localdate())
    )

    assert response.status_code == 403
    assert "Anda menyetujui permohonan ini" in response.text
    assert not Loan.objects.filter(application=application).exists()


def test_review_page_refuses_disbursing_without_the_paying_duty(client, cooperative):
    application = approved_application(cooperative=cooperative)
    client.force_login(AgencyStaffFactory(groups=[REVIEWERS, DECIDERS]))

    page = client.get(reverse("portal:financing-review", args=[application.pk]))
    response = _review_post(
        client, application, "disburse", disbursed_on=str(timezone.localdate())
    )

    assert "Cairkan" not in page.text
    assert response.status_code == 403
    assert "tidak berwenang mencairkan" in response.text
    assert not Loan.objects.filter(application=application).exists()


# --- API -------------------------------------------------------------------------


def test_api_repayment_refused_without_the_recording_duty(staff_api, today):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY)
    body = {"amount": "60000", "reference": "BRI-1", "paid_on": str(today)}

    response = staff_api.post(
        f"/api/v1/financing/loans/{loan.pk}/repayments/", body, format="json"
    )

    assert response.status_code == 403
    assert "tidak berwenang mencatat" in response.json()["detail"]
    assert not loan.repayments.exists()


def test_api_repayment_allowed_with_the_recording_duty(repayment_api, today):
    loan = disbursed_loan(disbursed_on=today - 40 * DAY)
    body = {"amount": "60000", "reference": "BRI-1", "paid_on": str(today)}

    response = repayment_api.post(
        f"/api/v1/financing/loans/{loan.pk}/repayments/", body, format="json"
    )

    assert response.status_code == 201
    assert loan.repayments.count() == 1


def test_api_repayment_of_a_missing_loan_stays_404_without_the_duty(staff_api):
    response = staff_api.post(
        "/api/v1/financing/loans/999999/repayments/",
        {"amount": "1000", "reference": "X"},
        format="json",
    )

    assert response.status_code == 404


def test_admin_review_form_shows_the_missing_duty_on_the_form(client, cooperative):
    application = ApplicationFactory(cooperative=cooperative, status="under_review")
    user = AgencyStaffFactory(groups=[DECIDERS])
    user.user_permissions.add(Permission.objects.get(codename="change_application"))
    client.force_login(user)

    response = client.post(
        f"/admin/financing/application/{application.pk}/change/",
        {
            "checklist": '{"KTP": true}',
            "notes": "Lengkap",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )

    application.refresh_from_db()
    assert response.status_code == 200
    assert "tidak berwenang meninjau" in response.content.decode()
    assert (application.checklist, application.notes) == ({}, "")
