"""The RAT report as the agency receives it, from the officer's side: a new report
pre-filled from last year's verified report and the registry, a warning (never a
refusal) when the balance sheet does not balance, the PDFs attached on the check
page and served only to the cooperative's officers, and "Perbaiki laporan"
opening the check page."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperatives import services
from cooperatives.models import AnnualReport, CooperativeRole
from tests.factories import (
    PDF_BYTES,
    AnnualReportFactory,
    CooperativeFactory,
    CooperativeRoleFactory,
    PersonFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db

DUE_YEAR = timezone.localdate().year - 1


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Maju Bersama")


@pytest.fixture
def officer_client(client, cooperative):
    client.force_login(officer_of(cooperative))
    return client


def _base(cooperative):
    return f"/portal/koperasi/{cooperative.pk}/laporan/"


def _start(officer_client, cooperative):
    response = officer_client.post(
        _base(cooperative) + "baru/", {"fiscal_year": DUE_YEAR}, follow=True
    )
    report = AnnualReport.objects.get(cooperative=cooperative, fiscal_year=DUE_YEAR)
    return report, response.content.decode()


def test_new_report_is_prefilled_from_last_years_report_and_the_registry(
    officer_client, cooperative
):
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=DUE_YEAR - 1,
        status=AnnualReport.Status.VERIFIED,
        members_male=40,
        members_female=35,
        employees=2,
        own_capital=Decimal("250000000.00"),
        business_volume=Decimal("900000000.00"),
    )
    AnnualReportFactory(  # an unverified later draft is no source
        cooperative=cooperative, fiscal_year=DUE_YEAR - 2, members_male=1
    )
    for sex in ("male", "male", "female"):
        CooperativeRoleFactory(
            cooperative=cooperative,
            person=PersonFactory(sex=sex),
            role=CooperativeRole.Role.MEMBER,
        )
    CooperativeRoleFactory(
        cooperative=cooperative, role=CooperativeRole.Role.SUPERVISOR
    )

    report, page = _start(officer_client, cooperative)

    assert (report.members_male, report.members_female) == (2, 1)  # the registry
    assert report.officers == 1  # the officer who signed in
    assert report.supervisors == 1
    assert report.employees == 2  # last year's, the registry has none
    assert report.own_capital == Decimal("250000000.00")
    assert report.business_volume == 0  # a year's flow starts empty
    assert report.status == AnnualReport.Status.DRAFT
    assert f"laporan terverifikasi tahun buku {DUE_YEAR - 1}" in page
    assert (
        'value="250.000.000"'
        in officer_client.get(
            _base(cooperative) + f"{report.pk}/langkah/modal/"
        ).content.decode()
    )


def test_capital_step_warns_but_saves_when_assets_do_not_balance(
    officer_client, cooperative
):
    report, _page = _start(officer_client, cooperative)
    url = _base(cooperative) + f"{report.pk}/langkah/modal/"

    response = officer_client.post(
        url,
        {
            "own_capital": "1.000.000.000",
            "external_capital": "200.000.000",
            "assets": "1.500.000.000",
        },
        follow=True,
    )
    check = officer_client.get(_base(cooperative) + f"{report.pk}/periksa/")

    report.refresh_from_db()
    assert report.assets == Decimal("1500000000")
    assert "berbeda lebih dari 1%" in response.content.decode()
    assert 'id="balance-warning"' in check.content.decode()


def test_balanced_capital_step_gives_no_warning(officer_client, cooperative):
    report, _page = _start(officer_client, cooperative)

    response = officer_client.post(
        _base(cooperative) + f"{report.pk}/langkah/modal/",
        {
            "own_capital": "1.000.000.000",
            "external_capital": "200.000.000",
            "assets": "1.205.000.000",
        },
        follow=True,
    )

    assert "berbeda lebih dari 1%" not in response.content.decode()


def _attach(officer_client, cooperative, report, **files):
    return officer_client.post(_base(cooperative) + f"{report.pk}/lampiran/", files)


def test_officer_attaches_the_pdfs_and_downloads_them(officer_client, cooperative):
    report, _page = _start(officer_client, cooperative)

    response = _attach(
        officer_client,
        cooperative,
        report,
        minutes=SimpleUploadedFile("ba.pdf", PDF_BYTES),
        financial_statements=SimpleUploadedFile("lk.pdf", PDF_BYTES),
    )
    check = officer_client.get(_base(cooperative) + f"{report.pk}/periksa/")
    download = officer_client.get(_base(cooperative) + f"{report.pk}/lampiran/minutes/")

    assert response.status_code == 302
    assert check.content.decode().count("Unduh PDF") == 2
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_non_pdf_is_refused_next_to_its_field(officer_client, cooperative):
    report, _page = _start(officer_client, cooperative)

    response = _attach(
        officer_client,
        cooperative,
        report,
        minutes=SimpleUploadedFile("ba.pdf", b"MZ\x90\x00 not a pdf at all"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Berkas harus PDF (diperiksa dari isinya)." in body
    assert 'href="#id_minutes"' in body
    report.refresh_from_db()
    assert not report.minutes_file


def test_submit_without_the_pdfs_names_them(officer_client, cooperative):
    report = AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=DUE_YEAR,
        rat_held_on=datetime.date(DUE_YEAR + 1, 1, 20),
        minutes_file="",
        financial_statements_file="",
    )

    response = officer_client.post(_base(cooperative) + f"{report.pk}/periksa/")

    body = response.content.decode()
    assert "Lampirkan berita acara RAT (PDF)" in body
    assert "Lampirkan laporan keuangan (PDF)" in body
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_another_cooperatives_attachment_answers_404(officer_client):
    other = AnnualReportFactory()

    download = officer_client.get(
        f"/portal/koperasi/{other.cooperative_id}/laporan/{other.pk}/lampiran/minutes/"
    )
    upload = officer_client.post(
        f"/portal/koperasi/{other.cooperative_id}/laporan/{other.pk}/lampiran/",
        {"minutes": SimpleUploadedFile("ba.pdf", PDF_BYTES)},
    )

    assert (download.status_code, upload.status_code) == (404, 404)


def test_own_cooperative_url_with_anothers_report_answers_404(
    officer_client, cooperative
):
    other = AnnualReportFactory()

    response = officer_client.get(_base(cooperative) + f"{other.pk}/lampiran/minutes/")

    assert response.status_code == 404


def test_perbaiki_laporan_opens_the_check_page(officer_client, cooperative, staff_user):
    report = AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=DUE_YEAR,
        rat_held_on=datetime.date(DUE_YEAR + 1, 1, 20),
        status=AnnualReport.Status.SUBMITTED,
    )
    services.annual_report_return(
        report_id=report.pk, by=staff_user, reason="Berita acara tidak terbaca"
    )
    check_url = _base(cooperative) + f"{report.pk}/periksa/"

    detail = officer_client.get(_base(cooperative) + f"{report.pk}/").content.decode()
    dashboard = officer_client.get(f"/portal/koperasi/{cooperative.pk}/")
    check = officer_client.get(check_url).content.decode()

    assert f'href="{check_url}">Perbaiki laporan' in detail
    assert f'href="{check_url}">Perbaiki laporan' in dashboard.content.decode()
    assert "Berita acara tidak terbaca" in check
    assert "Unggah lampiran" in check
    notification = officer_client.get("/portal/notifikasi/").content.decode()
    assert check_url in notification


def test_the_officer_sees_staffs_corrections_on_the_report(
    officer_client, cooperative, staff_user
):
    report = AnnualReportFactory(
        cooperative=cooperative,
        status=AnnualReport.Status.VERIFIED,
        surplus=Decimal("25000000.00"),
    )
    services.annual_report_correct(
        report_id=report.pk,
        data={"surplus": Decimal("20000000.00")},
        by=staff_user,
        reason="SHU sesuai laporan keuangan",
    )

    page = officer_client.get(_base(cooperative) + f"{report.pk}/").content.decode()

    assert "SHU sesuai laporan keuangan" in page
    assert "Rp25.000.000 → Rp20.000.000" in page
