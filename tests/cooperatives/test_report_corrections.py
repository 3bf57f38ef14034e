"""Staff corrections of a RAT report: the figures of a submitted or verified
report change only with a reason, the earlier figures are kept and shown on the
report's admin page; a draft is corrected freely."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cooperatives import services
from cooperatives.models import AnnualReport, AnnualReportCorrection
from tests.factories import AnnualReportFactory

from .test_admin import form_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/cooperatives/annualreport"


def test_correct_submitted_report_without_reason_changes_nothing(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)
    before = report.own_capital

    with pytest.raises(ValidationError) as refusal:
        services.annual_report_correct(
            report_id=report.pk,
            data={"own_capital": Decimal(1)},
            by=staff_user,
            reason="   ",
        )

    assert "correction_reason" in refusal.value.message_dict
    report.refresh_from_db()
    assert report.own_capital == before
    assert not AnnualReportCorrection.objects.exists()


def test_correct_verified_report_keeps_the_earlier_figures_and_the_reason(
    staff_user,
):
    report = AnnualReportFactory(
        status=AnnualReport.Status.VERIFIED, own_capital=Decimal("250000000.00")
    )
    reason = "Salah ketik modal sendiri, sesuai neraca halaman 3"

    services.annual_report_correct(
        report_id=report.pk,
        data={"own_capital": Decimal("350000000.00"), "members_male": 41},
        by=staff_user,
        reason=reason,
    )

    report.refresh_from_db()
    correction = report.corrections.get()
    assert report.status == AnnualReport.Status.VERIFIED
    assert report.own_capital == Decimal("350000000.00")
    assert correction.reason == reason
    assert correction.corrected_by == staff_user
    assert correction.report_status == AnnualReport.Status.VERIFIED
    assert correction.changes == {
        "own_capital": ["250000000.00", "350000000.00"],
        "members_male": ["40", "41"],
    }
    assert correction.previous["own_capital"] == "250000000.00"
    assert correction.previous["surplus"] == str(report.surplus)
    assert report.history.first().history_change_reason == reason


def test_correct_verified_rat_date_moves_the_cooperatives_last_rat(staff_user):
    report = AnnualReportFactory(fiscal_year=2024)
    services.annual_report_verify(report_id=report.pk, by=staff_user)
    corrected = datetime.date(2025, 4, 2)

    services.annual_report_correct(
        report_id=report.pk,
        data={"rat_held_on": corrected},
        by=staff_user,
        reason="Tanggal di berita acara",
    )

    report.cooperative.refresh_from_db()
    assert report.cooperative.last_rat_on == corrected
    assert report.corrections.get().changes == {
        "rat_held_on": ["2025-03-15", "2025-04-02"]
    }


def test_correct_verified_report_refuses_anything_but_figures(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)

    with pytest.raises(ValidationError) as refusal:
        services.annual_report_correct(
            report_id=report.pk,
            data={"fiscal_year": 2023},
            by=staff_user,
            reason="Tahun salah",
        )

    assert "fiscal_year" in refusal.value.message_dict


def test_correct_draft_needs_no_reason_and_keeps_no_version(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.DRAFT)

    services.annual_report_correct(
        report_id=report.pk, data={"members_female": 7}, by=staff_user
    )

    report.refresh_from_db()
    assert report.members_female == 7
    assert not report.corrections.exists()


def test_admin_verified_report_figures_are_correctable_with_a_reason(staff_client):
    report = AnnualReportFactory(
        status=AnnualReport.Status.VERIFIED, assets=Decimal("400000000.00")
    )
    url = f"{ADMIN}/{report.pk}/change/"
    page = staff_client.get(url)
    reason = "Aset dikoreksi sesuai laporan keuangan"

    response = staff_client.post(
        url, form_data(page, assets="300000000", correction_reason=reason)
    )
    shown = staff_client.get(url).content.decode()

    assert 'name="assets"' in page.content.decode()
    assert 'name="fiscal_year"' not in page.content.decode()
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assets == Decimal("300000000.00")
    assert report.status == AnnualReport.Status.VERIFIED
    assert reason in shown
    assert "Rp400.000.000 → Rp300.000.000" in shown


def test_admin_verified_report_correction_without_reason_is_refused(staff_client):
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)
    url = f"{ADMIN}/{report.pk}/change/"
    page = staff_client.get(url)

    response = staff_client.post(url, form_data(page, members_male="1"))

    assert response.status_code == 200
    assert "Tuliskan alasan koreksi" in response.content.decode()
    report.refresh_from_db()
    assert report.members_male == 40
