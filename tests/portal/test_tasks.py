"""'Tugas saya': the queues with deadlines for agency staff and district users."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperatives import services
from cooperatives.models import AnnualReport, PersonReconciliation
from financing.models import Application
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    PersonFactory,
    StaffFactory,
    district,
    officer_of,
)
from tests.financing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

URL = "/portal/staf/tugas/"


def weekdays_ago(count: int) -> datetime.date:
    """A day with `count` weekdays after it up to today (stepping back a day at a
    time)."""
    day = timezone.localdate()
    while count:
        if day.weekday() < 5:
            count -= 1
        day -= datetime.timedelta(days=1)
    return day


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def submitted_report(cooperative, day, year=2024):
    return AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=year,
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=at_noon(day),
    )


def waiting_application(cooperative, days_ago):
    return ApplicationFactory(
        cooperative=cooperative,
        status=Application.Status.SUBMITTED,
        submitted_at=at_noon(timezone.localdate() - datetime.timedelta(days=days_ago)),
    )


@pytest.fixture
def samarinda():
    return CooperativeFactory(name="Koperasi Mahakam", district=district("64.72"))


@pytest.fixture
def balikpapan():
    return CooperativeFactory(name="Koperasi Teluk", district=district("64.71"))


def rows_of(response, queue):
    """The table rows of one queue's section, in page order."""
    html = response.content.decode()
    section = re.search(rf'id="antrean-{queue}".*?</section>', html, re.S).group(0)
    return re.findall(r'<tr class="task[^"]*">.*?</tr>', section, re.S)


def test_reports_oldest_first_with_their_age_in_working_days(client, samarinda):
    newer = submitted_report(samarinda, weekdays_ago(3), year=2024)
    older = submitted_report(samarinda, weekdays_ago(7), year=2023)
    AnnualReportFactory(cooperative=samarinda, fiscal_year=2022)  # a draft: no task
    client.force_login(StaffFactory())

    rows = rows_of(client.get(URL), "rat")

    assert len(rows) == 2
    assert "tahun buku 2023" in rows[0]
    assert "7 hari kerja" in rows[0]
    assert "tahun buku 2024" in rows[1]
    assert "3 hari kerja" in rows[1]
    assert f"/admin/cooperatives/annualreport/{older.pk}/change/" in rows[0]
    assert f"/admin/cooperatives/annualreport/{newer.pk}/change/" in rows[1]


def test_a_report_past_ten_working_days_is_overdue_in_red(client, samarinda):
    submitted_report(samarinda, weekdays_ago(11), year=2023)
    submitted_report(samarinda, weekdays_ago(10), year=2024)
    client.force_login(StaffFactory())

    late, in_time = rows_of(client.get(URL), "rat")

    assert "task-overdue" in late
    assert 'class="overdue"' in late
    assert "11 hari kerja" in late
    assert "lewat batas" in late
    assert "task-overdue" not in in_time
    assert "lewat batas" not in in_time


def test_the_rat_sla_is_a_setting(client, samarinda, settings):
    settings.RAT_VERIFICATION_SLA_WORKING_DAYS = 2
    submitted_report(samarinda, weekdays_ago(3))
    client.force_login(StaffFactory())

    (row,) = rows_of(client.get(URL), "rat")

    assert "task-overdue" in row


def test_applications_against_the_review_sla_in_days(client, samarinda, settings):
    settings.FINANCING_REVIEW_SLA_DAYS = 14
    late = waiting_application(samarinda, 15)
    fresh = waiting_application(samarinda, 2)
    ApplicationFactory(cooperative=samarinda, status=Application.Status.DRAFT)
    client.force_login(StaffFactory())

    rows = rows_of(client.get(URL), "financing")

    assert len(rows) == 2
    assert late.number in rows[0]
    assert "15 hari" in rows[0]
    assert "task-overdue" in rows[0]
    assert fresh.number in rows[1]
    assert "task-overdue" not in rows[1]
    assert reverse("portal:financing-review", args=[late.pk]) in rows[0]


def test_reconciliations_and_access_requests_link_to_where_they_are_handled(
    client, samarinda
):
    person = PersonFactory(name="Siti Aminah")
    item = PersonReconciliation.objects.create(
        person=person, supplied_name="Siti A.", source="role"
    )
    access = services.access_request_create(
        cooperative_nik=samarinda.nik,
        nik="6472035506900002",
        name="Siti",
        email="siti@example.id",
    )
    client.force_login(StaffFactory())

    response = client.get(URL)

    (reconciliation,) = rows_of(response, "reconciliation")
    (request,) = rows_of(response, "access")
    # Staff decide it with the changelist's actions: the link finds it there.
    link = re.search(r'href="([^"]+)"', reconciliation).group(1).replace("&amp;", "&")
    assert link.startswith("/admin/cooperatives/personreconciliation/?")
    changelist = client.get(link)
    assert changelist.status_code == 200
    assert list(changelist.context["cl"].result_list) == [item]
    assert "Siti A." in reconciliation
    assert reverse("portal:access-request-decide", args=[access.pk]) in request


def test_access_requests_oldest_first(client, samarinda):
    def ask(nik, name, days_ago):
        access = services.access_request_create(
            cooperative_nik=samarinda.nik, nik=nik, name=name, email="a@example.id"
        )
        moment = timezone.now() - datetime.timedelta(days=days_ago)
        type(access).objects.filter(pk=access.pk).update(created_at=moment)

    ask("6472035506900002", "Baru", 1)
    ask("6472035506900003", "Lama", 5)
    client.force_login(DistrictUserFactory(district=district("64.72")))

    newest_last = rows_of(client.get(URL), "access")

    assert [("Lama" in row, "Baru" in row) for row in newest_last] == [
        (True, False),
        (False, True),
    ]
    assert "5 hari" in newest_last[0]


def test_a_district_user_sees_only_their_district_and_no_reconciliations(
    client, samarinda, balikpapan
):
    submitted_report(samarinda, weekdays_ago(2))
    submitted_report(balikpapan, weekdays_ago(2))
    waiting_application(samarinda, 1)
    waiting_application(balikpapan, 1)
    PersonReconciliation.objects.create(
        person=PersonFactory(), supplied_name="Nama Lain", source="role"
    )
    client.force_login(DistrictUserFactory(district=district("64.72")))

    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert len(rows_of(response, "rat")) == 1
    assert len(rows_of(response, "financing")) == 1
    assert "Koperasi Mahakam" in html
    assert "Koperasi Teluk" not in html
    assert 'id="antrean-reconciliation"' not in html
    assert "Nama Lain" not in html
    # District users handle these outside the portal: no admin links.
    assert "/admin/" not in html
    assert f'href="{URL}"' in html  # in their top menu


def test_an_officer_cannot_open_the_page(client, samarinda):
    client.force_login(officer_of(samarinda))
    assert client.get(URL).status_code == 404


def test_the_query_count_does_not_grow_with_the_queues(
    client, samarinda, balikpapan, django_assert_max_num_queries
):
    client.force_login(StaffFactory())

    def fill(years):
        for year in years:
            submitted_report(samarinda, weekdays_ago(year % 12), year=year)
            waiting_application(balikpapan, year % 20)
            PersonReconciliation.objects.create(
                person=PersonFactory(), supplied_name=f"Nama {year}", source="role"
            )

    fill(range(2000, 2002))
    with django_assert_max_num_queries(8) as small:
        client.get(URL)
    fill(range(2002, 2014))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(rows_of(response, "rat")) == 14


def test_the_menu_and_the_admin_index_link_to_the_page(client):
    client.force_login(StaffFactory())
    assert f'href="{URL}"' in client.get(URL).content.decode()
    assert f'href="{URL}"' in client.get("/admin/").content.decode()
