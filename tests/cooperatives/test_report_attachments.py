"""The PDFs of a RAT report (minutes, financial statements): checked by their
content and size, required to submit, and served only inside the caller's scope
(404 otherwise) by the admin and the API."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperatives import services
from cooperatives.models import AnnualReport
from cooperatives.rules import balance_warning
from core.uploads import pdf_check
from tests.factories import (
    PDF_BYTES,
    AnnualReportFactory,
    CooperativeFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="dokumen.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("data", "limit", "message"),
    [
        (PNG, 1024, "harus PDF"),  # named .pdf, sent as application/pdf, a PNG
        (b"%PDF-1.4\n truncated", 1024, "harus PDF"),  # no %%EOF: not a whole PDF
        (b"", 1024, "kosong"),
        (PDF_BYTES + b" " * 2048, 1024, "terlalu besar"),
    ],
)
def test_pdf_check_refuses_what_is_not_a_real_pdf(data, limit, message):
    with pytest.raises(ValidationError) as refusal:
        pdf_check(pdf(data=data), limit=limit)

    assert message in " ".join(refusal.value.messages)


def test_pdf_check_accepts_a_pdf():
    pdf_check(pdf())


def test_attach_stores_a_random_name_and_replaces_the_old_file(
    staff_user, django_capture_on_commit_callbacks
):
    report = AnnualReportFactory(status=AnnualReport.Status.DRAFT)
    old = report.minutes_file
    old_name = old.name

    with django_capture_on_commit_callbacks(execute=True):
        services.annual_report_attach(
            report_id=report.pk,
            files={"minutes": pdf("../../etc/berita acara.pdf")},
            by=staff_user,
        )

    report.refresh_from_db()
    assert report.minutes_file.name.startswith("cooperatives/annual_reports/")
    assert report.minutes_file.name.endswith(".pdf")
    assert "berita" not in report.minutes_file.name
    assert not old.storage.exists(old_name)
    assert report.minutes_file.read() == PDF_BYTES


def test_attach_refuses_a_non_pdf_naming_the_attachment(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.DRAFT)
    before = report.financial_statements_file.name

    with pytest.raises(ValidationError) as refusal:
        services.annual_report_attach(
            report_id=report.pk,
            files={"financial_statements": pdf(data=PNG)},
            by=staff_user,
        )

    assert "financial_statements" in refusal.value.message_dict
    report.refresh_from_db()
    assert report.financial_statements_file.name == before


def test_officer_cannot_replace_the_pdfs_of_a_submitted_report(staff_user):
    report = AnnualReportFactory(status=AnnualReport.Status.SUBMITTED)

    with pytest.raises(ValidationError):
        services.annual_report_attach(
            report_id=report.pk, files={"minutes": pdf()}, by=staff_user
        )
    services.annual_report_attach(
        report_id=report.pk, files={"minutes": pdf()}, by=staff_user, staff=True
    )


def test_submit_requires_both_pdfs(staff_user):
    report = AnnualReportFactory(minutes_file="", financial_statements_file="")

    with pytest.raises(ValidationError) as refusal:
        services.annual_report_submit(report_id=report.pk, by=staff_user)

    assert set(refusal.value.message_dict) == {
        "minutes_file",
        "financial_statements_file",
    }
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


@pytest.mark.parametrize(
    ("assets", "warned"),
    [
        ("300000000", False),  # equal
        ("302999999", False),  # within 1 % of the assets
        ("304000000", True),
        ("290000000", True),
        ("0", True),
    ],
)
def test_balance_warning_beyond_one_percent(assets, warned):
    warning = balance_warning(
        assets=Decimal(assets),
        own_capital=Decimal("250000000"),
        external_capital=Decimal("50000000"),
    )

    assert bool(warning) is warned


def test_balance_warning_is_silent_for_an_empty_report():
    assert balance_warning(assets=0, own_capital=0, external_capital=0) == ""


# --- API -------------------------------------------------------------------------


def api_path(report, kind=""):
    base = f"/api/v1/annual-reports/{report.pk}/"
    return base + (f"attachments/{kind}/" if kind else "")


def test_api_serves_the_pdf_in_scope_and_404_outside(samarinda_api, balikpapan_api):
    report = AnnualReportFactory()  # a Samarinda cooperative

    mine = samarinda_api.get(api_path(report, "minutes"), HTTP_ACCEPT="application/pdf")
    theirs = balikpapan_api.get(api_path(report, "minutes"))
    unknown = samarinda_api.get(api_path(report, "photos"))

    assert mine.status_code == 200
    assert mine["Content-Type"] == "application/pdf"
    assert b"".join(mine.streaming_content) == PDF_BYTES
    assert (theirs.status_code, unknown.status_code) == (404, 404)


def test_api_reports_carry_the_attachment_urls_and_the_warning(samarinda_api):
    report = AnnualReportFactory(
        financial_statements_file="", assets=Decimal("900000000.00")
    )

    listed = samarinda_api.get("/api/v1/annual-reports/").json()["results"][0]
    detail = samarinda_api.get(api_path(report)).json()

    for body in (listed, detail):
        assert body["minutes_url"] == api_path(report, "minutes")
        assert body["financial_statements_url"] is None
        assert "1%" in body["balance_warning"]
        assert body["own_capital"] == "250000000.00"  # the contract unchanged


def test_api_attaches_pdfs_and_refuses_a_non_pdf(samarinda_api, balikpapan_api):
    report = AnnualReportFactory(
        cooperative=CooperativeFactory(), minutes_file="", financial_statements_file=""
    )

    refused = samarinda_api.post(
        api_path(report) + "attachments/",
        {"minutes": pdf(data=PNG)},
        format="multipart",
    )
    outside = balikpapan_api.post(
        api_path(report) + "attachments/", {"minutes": pdf()}, format="multipart"
    )
    attached = samarinda_api.post(
        api_path(report) + "attachments/",
        {"minutes": pdf(), "financial_statements": pdf()},
        format="multipart",
    )

    assert refused.status_code == 400
    assert "minutes" in refused.json()
    assert outside.status_code == 404
    assert attached.status_code == 200, attached.content
    assert attached.json()["financial_statements_url"].endswith(
        "/attachments/financial_statements/"
    )


# --- Admin -----------------------------------------------------------------------


def test_admin_serves_the_pdf_and_uploads_a_replacement(staff_client):
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)
    url = f"/admin/cooperatives/annualreport/{report.pk}/"
    page = staff_client.get(url + "change/").content.decode()

    download = staff_client.get(url + "lampiran/minutes/")
    missing = staff_client.get(url + "lampiran/photos/")

    assert url + "lampiran/minutes/" in page
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert missing.status_code == 404


def test_admin_attachment_is_404_for_a_user_without_the_admin(client):
    report = AnnualReportFactory()
    client.force_login(officer_of(report.cooperative))

    response = client.get(
        f"/admin/cooperatives/annualreport/{report.pk}/lampiran/minutes/"
    )

    assert response.status_code in (302, 404)
    assert not hasattr(response, "streaming_content")
