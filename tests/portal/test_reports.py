"""The RAT report in the portal: start, steps saved as you go, check, submit,
returned with a reason, corrected and resubmitted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperatives import services
from cooperatives.models import AnnualReport
from tests.factories import (
    PDF_BYTES,
    AnnualReportFactory,
    CooperativeFactory,
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


def _start(officer_client, cooperative) -> AnnualReport:
    response = officer_client.post(
        _base(cooperative) + "baru/", {"fiscal_year": DUE_YEAR}
    )
    report = AnnualReport.objects.get(cooperative=cooperative, fiscal_year=DUE_YEAR)
    assert response.url == _base(cooperative) + f"{report.pk}/langkah/rat/"
    return report


def _fill_all_steps(officer_client, cooperative, report):
    url = _base(cooperative) + f"{report.pk}/langkah/"
    steps = {
        "rat": {"rat_held_on": f"14-03-{DUE_YEAR + 1}"},
        "anggota": {
            "members_male": "120",
            "members_female": "95",
            "officers": "3",
            "supervisors": "3",
            "employees": "4",
        },
        "modal": {
            "own_capital": "Rp 1.250.000.000",
            "external_capital": "300000000",
            "assets": "1.800.000.000",
        },
        "usaha": {"business_volume": "4.200.000.000", "surplus": "-15.000.000"},
    }
    for step, data in steps.items():
        response = officer_client.post(url + f"{step}/", data)
        assert response.status_code == 302, response.content.decode()
    _attach(officer_client, cooperative, report)


def _attach(officer_client, cooperative, report, **files):
    files = files or {
        "minutes": SimpleUploadedFile("berita-acara.pdf", PDF_BYTES),
        "financial_statements": SimpleUploadedFile("neraca.pdf", PDF_BYTES),
    }
    return officer_client.post(_base(cooperative) + f"{report.pk}/lampiran/", files)


def test_dashboard_leads_with_the_missing_report(officer_client, cooperative):
    response = officer_client.get(f"/portal/koperasi/{cooperative.pk}/")

    body = response.content.decode()
    assert f"Laporan RAT tahun buku {DUE_YEAR} belum dikirim" in body
    assert "Isi laporan" in body


def test_officer_files_and_submits_a_report(officer_client, cooperative, mailoutbox):
    report = _start(officer_client, cooperative)

    _fill_all_steps(officer_client, cooperative, report)
    check = officer_client.get(_base(cooperative) + f"{report.pk}/periksa/")
    submitted = officer_client.post(_base(cooperative) + f"{report.pk}/periksa/")

    report.refresh_from_db()
    assert "Rp1.250.000.000" in check.content.decode()
    assert "\u2212Rp15.000.000" in check.content.decode()
    assert submitted.url.endswith("/terkirim/")
    assert report.status == AnnualReport.Status.SUBMITTED
    assert report.own_capital == 1_250_000_000
    assert report.surplus == -15_000_000
    assert report.rat_held_on == datetime.date(DUE_YEAR + 1, 3, 14)


def test_each_step_is_saved_as_you_go(officer_client, cooperative):
    report = _start(officer_client, cooperative)

    officer_client.post(
        _base(cooperative) + f"{report.pk}/langkah/anggota/",
        {
            "members_male": "12",
            "members_female": "9",
            "officers": "3",
            "supervisors": "1",
            "employees": "0",
        },
    )

    report.refresh_from_db()
    assert (report.members_male, report.members_female) == (12, 9)
    assert report.status == AnnualReport.Status.DRAFT


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        (
            "rat",
            {"rat_held_on": f"01-06-{DUE_YEAR}"},
            "rat_held_on",
            "sesudah tahun buku",
        ),
        ("rat", {"rat_held_on": "01-01-2099"}, "rat_held_on", "masa depan"),
        ("rat", {"rat_held_on": "kemarin"}, "rat_held_on", "Masukkan tanggal"),
        (
            "anggota",
            {
                "members_male": "-1",
                "members_female": "0",
                "officers": "0",
                "supervisors": "0",
                "employees": "0",
            },
            "members_male",
            "tidak boleh negatif",
        ),
        (
            "anggota",
            {
                "members_male": "dua",
                "members_female": "0",
                "officers": "0",
                "supervisors": "0",
                "employees": "0",
            },
            "members_male",
            "bilangan bulat",
        ),
        (
            "modal",
            {"own_capital": "satu juta", "external_capital": "0", "assets": "0"},
            "own_capital",
            "jumlah dalam rupiah",
        ),
        (
            "modal",
            {"own_capital": "-5", "external_capital": "0", "assets": "0"},
            "own_capital",
            "tidak boleh negatif",
        ),
    ],
)
def test_step_refuses_bad_input_with_a_message_next_to_the_field(
    officer_client, cooperative, step, data, field, message
):
    report = _start(officer_client, cooperative)

    response = officer_client.post(
        _base(cooperative) + f"{report.pk}/langkah/{step}/", data
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'href="#id_{field}"' in body  # the error summary links to the field
    assert "<title>Galat:" in body
    assert f'value="{data[field]}"' in body  # what the user typed is kept


def test_submit_without_rat_date_shows_the_problem(officer_client, cooperative):
    report = _start(officer_client, cooperative)

    response = officer_client.post(_base(cooperative) + f"{report.pk}/periksa/")

    assert response.status_code == 200
    assert "Ada masalah" in response.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_returned_report_shows_the_reason_and_can_be_resubmitted(
    officer_client, cooperative, staff_user
):
    report = _start(officer_client, cooperative)
    _fill_all_steps(officer_client, cooperative, report)
    officer_client.post(_base(cooperative) + f"{report.pk}/periksa/")
    services.annual_report_return(
        report_id=report.pk,
        by=staff_user,
        reason="Jumlah anggota tidak sesuai daftar hadir",
    )

    dashboard = officer_client.get(
        f"/portal/koperasi/{cooperative.pk}/"
    ).content.decode()
    officer_client.post(
        _base(cooperative) + f"{report.pk}/langkah/anggota/",
        {
            "members_male": "118",
            "members_female": "95",
            "officers": "3",
            "supervisors": "3",
            "employees": "4",
            "_back_to_check": "1",
        },
    )
    resubmitted = officer_client.post(_base(cooperative) + f"{report.pk}/periksa/")

    assert "Jumlah anggota tidak sesuai daftar hadir" in dashboard
    assert resubmitted.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    assert report.members_male == 118


def test_submitted_report_cannot_be_edited_in_the_portal(officer_client, cooperative):
    report = AnnualReportFactory(
        cooperative=cooperative, status=AnnualReport.Status.SUBMITTED
    )

    response = officer_client.post(
        _base(cooperative) + f"{report.pk}/langkah/modal/",
        {"own_capital": "1", "external_capital": "1", "assets": "1"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.own_capital != 1


def test_another_cooperatives_report_answers_404(officer_client):
    other = AnnualReportFactory()

    for path in ("", "langkah/rat/", "periksa/"):
        response = officer_client.get(
            f"/portal/koperasi/{other.cooperative_id}/laporan/{other.pk}/{path}"
        )
        assert response.status_code == 404


def test_a_report_under_the_wrong_cooperative_url_answers_404(client):
    mine, also_mine = CooperativeFactory(), CooperativeFactory()
    user = officer_of(mine)
    officer_of(also_mine, username="x")
    from cooperatives.models import CooperativeRole

    CooperativeRole.objects.create(
        person=user.person,
        cooperative=also_mine,
        role="officer",
        starts_on=datetime.date(2024, 1, 1),
    )
    report = AnnualReportFactory(cooperative=also_mine)
    client.force_login(user)

    response = client.get(f"/portal/koperasi/{mine.pk}/laporan/{report.pk}/")

    assert response.status_code == 404


def test_report_list_query_count_is_constant(officer_client, cooperative):
    AnnualReportFactory(cooperative=cooperative, fiscal_year=2015)
    url = _base(cooperative)
    officer_client.get(url)
    with CaptureQueriesContext(connection) as few:
        officer_client.get(url)
    for year in range(2016, 2024):
        AnnualReportFactory(cooperative=cooperative, fiscal_year=year)

    with CaptureQueriesContext(connection) as many:
        officer_client.get(url)

    assert len(many) == len(few)
