import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import AnnualReport, Cooperative
from notifications.models import Notification
from tests.factories import AnnualReportFactory, CooperativeFactory, officer_of

pytestmark = pytest.mark.django_db


def test_annual_report_verify_makes_the_cooperative_active(staff_user):
    report = AnnualReportFactory(
        fiscal_year=2024, rat_held_on=datetime.date(2025, 3, 1)
    )

    services.annual_report_verify(report_id=report.pk, by=staff_user)

    cooperative = Cooperative.objects.get(pk=report.cooperative_id)
    assert cooperative.last_rat_year == 2025
    assert cooperative.is_active_in(2025)
    assert cooperative.is_active_in(2027)
    assert not cooperative.is_active_in(2028)


def test_annual_report_verify_freezes_a_snapshot(staff_user):
    report = AnnualReportFactory()
    services.annual_report_verify(report_id=report.pk, by=staff_user)

    Cooperative.objects.filter(pk=report.cooperative_id).update(
        name="Nama Baru", district_id="64.71"
    )

    report.refresh_from_db()
    assert report.district_id == "64.72"
    assert report.cooperative_name.startswith("Koperasi Uji")
    assert report.verified_by == staff_user


def test_annual_report_submit_requires_rat_date(staff_user):
    report = AnnualReportFactory(rat_held_on=None)

    with pytest.raises(ValidationError) as exc:
        services.annual_report_submit(report_id=report.pk, by=staff_user)

    assert "rat_held_on" in exc.value.message_dict


def test_annual_report_return_then_resubmit(staff_user):
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    report = AnnualReportFactory(cooperative=cooperative)
    services.annual_report_submit(report_id=report.pk, by=officer)

    services.annual_report_return(
        report_id=report.pk, by=staff_user, reason="SHU tidak sesuai"
    )

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RETURNED
    assert report.return_reason == "SHU tidak sesuai"
    assert (
        Notification.objects.filter(user=officer, kind="annual_report_returned").count()
        == 1
    )
    services.annual_report_submit(report_id=report.pk, by=officer)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED


def test_annual_report_return_requires_reason(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)

    with pytest.raises(ValidationError) as exc:
        services.annual_report_return(report_id=report.pk, by=staff_user, reason="  ")

    assert "reason" in exc.value.message_dict


def test_verified_report_cannot_be_verified_or_returned_again(staff_user):
    report = AnnualReportFactory()
    services.annual_report_verify(report_id=report.pk, by=staff_user)

    with pytest.raises(ValidationError):
        services.annual_report_verify(report_id=report.pk, by=staff_user)
    with pytest.raises(ValidationError):
        services.annual_report_return(report_id=report.pk, by=staff_user, reason="x")


def test_an_open_report_follows_its_cooperative_to_another_district(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)
    Cooperative.objects.filter(pk=report.cooperative_id).update(district_id="64.71")

    report.refresh_from_db()
    in_balikpapan = AnnualReport.objects.restrict(Scope.district("64.71"))
    services.annual_report_verify(report_id=report.pk, by=staff_user)

    report.refresh_from_db()
    assert in_balikpapan.filter(pk=report.pk).exists()
    assert report.district_id == "64.71"
