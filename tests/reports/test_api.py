import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import services
from reports.models import ReportRun

from .conftest import YEAR

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


def test_district_token_requests_its_own_recap(samarinda_api):
    response = samarinda_api.post(
        URL,
        {"kind": "cooperative_recap", "format": "xlsx", "params": {"year": 2025}},
        format="json",
    )

    assert response.status_code == 202, response.json()
    assert response.json()["district"] == "64.72"
    assert response.json()["status"] == "queued"
    assert response.json()["download_url"] is None


def test_district_token_asking_for_another_district_gets_404(samarinda_api):
    response = samarinda_api.post(
        URL,
        {
            "kind": "cooperative_recap",
            "format": "csv",
            "params": {"year": 2025, "district": "64.71"},
        },
        format="json",
    )

    assert response.status_code == 404
    assert ReportRun.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "bogus", "format": "csv", "params": {"year": 2025}}, "kind"),
        (
            {"kind": "cooperative_recap", "format": "doc", "params": {"year": 2025}},
            "format",
        ),
        (
            {"kind": "cooperative_recap", "format": "csv", "params": {"year": "x"}},
            "params",
        ),
        (
            {
                "kind": "cooperative_recap",
                "format": "csv",
                "params": {"year": 2025, "district": "99.99"},
            },
            "params",
        ),
        ({"kind": "cooperative_recap", "format": "csv"}, "params"),
    ],
)
def test_bad_report_requests_are_400_naming_the_field(staff_api, body, field):
    response = staff_api.post(URL, body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_status_and_download_when_done(staff_api, samarinda_api, balikpapan_api):
    created = samarinda_api.post(
        URL,
        {"kind": "cooperative_recap", "format": "csv", "params": {"year": 2025}},
        format="json",
    ).json()
    services.report_generate(run_id=created["id"])

    detail = samarinda_api.get(f"{URL}{created['id']}/").json()
    download = samarinda_api.get(f"{URL}{created['id']}/download/")

    assert detail["status"] == "done"
    assert detail["progress"] == 100
    assert detail["download_url"].endswith(f"/api/v1/reports/{created['id']}/download/")
    assert download.status_code == 200
    assert b"Kota Samarinda" in b"".join(download.streaming_content)
    assert balikpapan_api.get(f"{URL}{created['id']}/").status_code == 404
    assert balikpapan_api.get(f"{URL}{created['id']}/download/").status_code == 404
    assert staff_api.get(f"{URL}{created['id']}/").status_code == 200


def test_a_failed_run_tells_a_short_reason_never_the_exception(
    samarinda_api, monkeypatch
):
    from reports import builders

    secret = "6472010101900001 Siti Aminah: relation reports_x does not exist"

    def broken(**kwargs):
        raise RuntimeError(secret)

    monkeypatch.setitem(builders.BUILDERS, "cooperative_recap", broken)
    created = samarinda_api.post(
        URL,
        {"kind": "cooperative_recap", "format": "csv", "params": {"year": 2025}},
        format="json",
    ).json()
    with pytest.raises(RuntimeError):
        services.report_generate(run_id=created["id"])

    response = samarinda_api.get(f"{URL}{created['id']}/")
    english = samarinda_api.get(f"{URL}{created['id']}/", HTTP_ACCEPT_LANGUAGE="en")

    detail = response.json()
    assert detail["status"] == "failed"
    assert detail["error"] == (
        "Laporan gagal dibuat karena galat di server. Minta laporan ini lagi; "
        "bila terulang, hubungi admin Dinas."
    )
    for leak in ("6472010101900001", "Siti Aminah", "RuntimeError", "Traceback"):
        assert leak not in response.content.decode()
    assert english.json()["error"].startswith("The report could not be produced")


def test_province_wide_runs_are_for_staff_only(staff_api, samarinda_api):
    created = staff_api.post(
        URL,
        {"kind": "cooperative_recap", "format": "csv", "params": {"year": 2025}},
        format="json",
    ).json()

    assert created["district"] is None
    assert samarinda_api.get(f"{URL}{created['id']}/").status_code == 404


def test_report_list_query_count_is_constant(staff_api):
    for _ in range(3):
        services.report_request(
            kind="cooperative_recap", format="csv", year=2025, district=None, by=None
        )
    staff_api.get(URL)
    with CaptureQueriesContext(connection) as few:
        staff_api.get(URL)
    for _ in range(20):
        services.report_request(
            kind="cooperative_recap", format="csv", year=2025, district=None, by=None
        )

    with CaptureQueriesContext(connection) as many:
        staff_api.get(URL)

    assert len(many) == len(few)


def test_staff_request_a_report_in_the_admin(staff_client):
    response = staff_client.post(
        "/admin/reports/reportrun/add/",
        {
            "kind": "enterprise_recap",
            "format": "xlsx",
            "year": 2025,
            "district": "64.72",
        },
    )

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert (run.kind, run.district_id, run.requested_by.is_staff) == (
        "enterprise_recap",
        "64.72",
        True,
    )
    page = staff_client.get(
        f"/admin/reports/reportrun/{run.pk}/change/"
    ).content.decode()
    assert 'id="report-progress"' in page


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("financing_portfolio", b"Skema A"), ("program_outcomes", b"DIKLAT-A")],
)
def test_district_token_gets_the_new_kinds_for_its_district_only(
    financing_data, program_data, samarinda_api, kind, expected
):
    created = samarinda_api.post(
        URL, {"kind": kind, "format": "csv", "params": {"year": YEAR}}, format="json"
    ).json()
    services.report_generate(run_id=created["id"])

    body = b"".join(
        samarinda_api.get(f"{URL}{created['id']}/download/").streaming_content
    ).decode("utf-8-sig")

    assert created["district"] == "64.72"
    assert expected.decode() in body
    assert "Kota Balikpapan" not in body
    assert "BIMTEK-B" not in body
