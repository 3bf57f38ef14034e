"""Files on object storage (MEDIA_STORAGE_URL s3://…), against a local S3 server:
an upload lands in the bucket, not on the disk; a download passes the view's scope
check, then redirects to a short-lived signed link whose content is the file; a
caller outside the scope gets 404 and no link."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import AnnualReport
from financing import services as financing
from financing.models import ApplicationDocument
from kukm_portal.settings.storage import media_storage
from tests.factories import (
    PDF_BYTES,
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    district,
    officer_of,
)
from tests.financing.factories import SchemeFactory

from .conftest import fetch

pytestmark = pytest.mark.django_db


def signed(response) -> dict:
    """The redirect's signed link's query, after checking it is one."""
    assert response.status_code == 302
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    return query


def _draft(cooperative, officer):
    return financing.application_create(
        data={
            "scheme": SchemeFactory(),
            "cooperative": cooperative,
            "amount": "10000000",
            "tenor_months": 12,
            "purpose": "working_capital",
        },
        by=officer,
    )


def test_a_ktp_scan_goes_to_the_bucket_and_only_its_scope_gets_a_link(
    bucket, client, settings
):
    cooperative = CooperativeFactory(
        last_rat_on=datetime.date(timezone.localdate().year - 1, 3, 1)
    )
    officer = officer_of(cooperative)
    draft = _draft(cooperative, officer)
    client.force_login(officer)

    uploaded = client.post(
        reverse("portal:financing-document-upload", args=[cooperative.pk, draft.pk]),
        {"kind": "id_card", "file": SimpleUploadedFile("ktp.pdf", PDF_BYTES)},
    )
    document = ApplicationDocument.objects.get(application=draft)
    download = reverse(
        "portal:financing-document", args=[cooperative.pk, draft.pk, document.pk]
    )
    served = client.get(download)
    client.force_login(officer_of(CooperativeFactory()))
    outsider = client.get(download)
    staff_url = reverse(
        "portal:financing-review-document", args=[draft.pk, document.pk]
    )
    client.force_login(DistrictUserFactory(district=district("64.71")))
    outsider_staff = client.get(staff_url)

    assert uploaded.status_code == 302
    assert bucket.keys() == {document.file.name}
    assert bucket.read(document.file.name) == PDF_BYTES
    assert not settings.MEDIA_ROOT.exists()  # nothing on this host's disk
    query = signed(served)
    assert query["X-Amz-Expires"] == ["60"]
    status, body, headers = fetch(served["Location"])
    assert (status, body) == (200, PDF_BYTES)
    assert headers["Content-Type"] == "application/pdf"
    assert "attachment" in headers["Content-Disposition"]
    assert f"{draft.number}-id_card-{document.pk}.pdf" in headers["Content-Disposition"]
    for refused in (outsider, outsider_staff):
        assert refused.status_code == 404
        assert "Location" not in refused
        assert bucket.name not in refused.content.decode()


def test_the_object_itself_is_private_and_the_link_is_short_lived(bucket, settings):
    """Without the signature the bucket refuses; the link says how long it is valid
    (the local server does not enforce the expiry; S3 does)."""
    url = bucket.url + "&expire=1"
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(url)[0]}
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)
    name = report.minutes_file.name
    link = report.minutes_file.storage.url(name)
    bare = link.split("?")[0]

    fresh = fetch(link)
    anonymous = fetch(bare)

    assert fresh[:2] == (200, PDF_BYTES)
    assert parse_qs(urlsplit(link).query)["X-Amz-Expires"] == ["1"]
    assert anonymous[0] == 403


def test_rat_attachments_through_the_api_land_in_the_bucket(
    bucket, samarinda_api, balikpapan_api
):
    report = AnnualReportFactory(minutes_file="", financial_statements_file="")
    path = f"/api/v1/annual-reports/{report.pk}/attachments/"

    attached = samarinda_api.post(
        path,
        {"minutes": SimpleUploadedFile("rat.pdf", PDF_BYTES, "application/pdf")},
        format="multipart",
    )
    report.refresh_from_db()
    mine = samarinda_api.get(path + "minutes/", HTTP_ACCEPT="application/pdf")
    theirs = balikpapan_api.get(path + "minutes/")

    assert attached.status_code == 200, attached.content
    assert bucket.keys() == {report.minutes_file.name}
    signed(mine)
    status, body, headers = fetch(mine["Location"])
    assert (status, body) == (200, PDF_BYTES)
    assert (
        f"RAT-{report.fiscal_year}-{report.cooperative_id}-minutes.pdf"
        in (headers["Content-Disposition"])
    )
    assert theirs.status_code == 404
    assert "Location" not in theirs


def test_on_disk_the_download_still_streams(client, settings):
    """The default (no MEDIA_STORAGE_URL): the same view streams from MEDIA_ROOT."""
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)
    client.force_login(officer_of(report.cooperative))

    served = client.get(
        reverse(
            "portal:report-attachment",
            args=[report.cooperative_id, report.pk, "minutes"],
        )
    )

    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF_BYTES
    assert (settings.MEDIA_ROOT / report.minutes_file.name).is_file()


def test_the_admin_hands_staff_the_same_signed_links(bucket, staff_client):
    cooperative = CooperativeFactory(
        last_rat_on=datetime.date(timezone.localdate().year - 1, 3, 1)
    )
    officer = officer_of(cooperative)
    draft = _draft(cooperative, officer)
    document = financing.application_document_add(
        application_id=draft.pk,
        kind="id_card",
        file=SimpleUploadedFile("ktp.pdf", PDF_BYTES),
        by=officer,
    )
    report = AnnualReportFactory(status=AnnualReport.Status.VERIFIED)

    scan = staff_client.get(
        f"/admin/financing/application/{draft.pk}/document/{document.pk}/"
    )
    minutes = staff_client.get(
        f"/admin/cooperatives/annualreport/{report.pk}/lampiran/minutes/"
    )

    for served in (scan, minutes):
        signed(served)
        assert fetch(served["Location"])[:2] == (200, PDF_BYTES)
    assert bucket.keys() == {
        document.file.name,
        report.minutes_file.name,
        report.financial_statements_file.name,
    }
