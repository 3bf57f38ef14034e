"""Reports asked for from the dashboard: the form asks the report service for a
run with the year and district chosen; a district user's reports are of their
district whatever is posted; the RAT-based recap defaults to the last fiscal
year whose reports are due."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import District
from cooperatives.rules import rat_fiscal_year_due
from reports import services
from reports.models import ReportRun
from tests.factories import CooperativeFactory, DistrictUserFactory, officer_of

pytestmark = pytest.mark.django_db

URL = reverse("portal:recaps")
YEAR = timezone.localdate().year


def _post(client, **data):
    return client.post(
        URL, {"kind": "enterprise_recap", "format": "xlsx", "year": YEAR - 2, **data}
    )


def test_staff_ask_for_a_report_of_a_year_and_district(staff_client, staff_user):
    district = "64.09"

    response = _post(staff_client, district=district)

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == URL
    assert (run.kind, run.format, run.year) == ("enterprise_recap", "xlsx", YEAR - 2)
    assert run.district_id == district
    assert run.requested_by == staff_user
    page = staff_client.get(URL).content.decode()
    assert "Kabupaten Penajam Paser Utara" in page
    assert "Rekap UMKM" in page


def test_staff_ask_for_the_whole_province_by_leaving_the_district_empty(
    staff_client,
):
    _post(staff_client, district="")

    assert ReportRun.objects.get().district is None


def test_a_district_user_gets_their_own_district_whatever_is_posted(client):
    user = DistrictUserFactory()
    client.force_login(user)

    _post(client, district="64.71")

    assert ReportRun.objects.get().district_id == user.district_id


def test_a_year_outside_the_list_is_refused_next_to_the_field(staff_client):
    response = _post(staff_client, year=1990)

    assert response.status_code == 200
    assert not ReportRun.objects.exists()
    assert 'id="id_year_error"' in response.content.decode()


def test_officers_cannot_ask_for_reports(client):
    client.force_login(officer_of(CooperativeFactory()))

    response = _post(client)

    assert response.status_code == 404
    assert not ReportRun.objects.exists()


def test_dashboard_form_defaults_to_the_fiscal_year_whose_reports_are_due(
    staff_client,
):
    due = rat_fiscal_year_due(timezone.localdate())

    page = staff_client.get("/dashboard/").content.decode()

    assert f'action="{URL}"' in page
    assert f'<option value="{due}" selected>' in page
    assert District.objects.count() == page.count('<option value="64.')


def test_a_finished_run_is_downloaded_from_the_list(staff_client, staff_user):
    run = services.report_request(
        kind="cooperative_recap", format="csv", year=YEAR - 1, district=None, by=None
    )
    services.report_generate(run_id=run.pk)
    link = reverse("api:report-download", args=[run.pk])

    page = staff_client.get(URL).content.decode()
    response = staff_client.get(link)

    assert f'href="{link}"' in page
    assert response.status_code == 200
    assert b"Jumlah Provinsi Kalimantan Timur" in b"".join(response.streaming_content)
