import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    DistrictUserFactory,
    StaffFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db


def test_portal_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/portal/")

    assert response.status_code == 302
    assert response.url.startswith("/portal/masuk/")


def test_login_page_renders_in_indonesian(client):
    response = client.get("/portal/masuk/")

    assert response.status_code == 200
    assert "Masuk ke Portal KUKM" in response.content.decode()


def test_officer_signs_in_with_email_and_lands_on_their_cooperative(client):
    cooperative = CooperativeFactory(name="Koperasi Maju Bersama")
    officer = officer_of(cooperative, email="ketua@maju.id")

    response = client.post(
        "/portal/masuk/",
        {"username": "KETUA@maju.id", "password": "rahasia-kuat-2026"},
        follow=True,
    )

    assert response.wsgi_request.user == officer
    assert "Koperasi Maju Bersama" in response.content.decode()


def test_wrong_password_shows_an_error_summary(client):
    officer_of(CooperativeFactory(), username="pengurus")

    response = client.post(
        "/portal/masuk/", {"username": "pengurus", "password": "salah"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada masalah" in body
    assert "<title>Galat:" in body


def test_another_cooperatives_dashboard_answers_404(client):
    mine, other = CooperativeFactory(), CooperativeFactory()
    client.force_login(officer_of(mine))

    assert client.get(f"/portal/koperasi/{mine.pk}/").status_code == 200
    assert client.get(f"/portal/koperasi/{other.pk}/").status_code == 404


def test_staff_are_sent_to_the_admin(client):
    client.force_login(StaffFactory())

    response = client.get("/portal/")

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_district_staff_are_sent_to_their_dashboard(client):
    client.force_login(DistrictUserFactory())

    response = client.get("/portal/")

    assert response.status_code == 302
    assert response.url == "/dashboard/"


def test_dashboard_query_count_does_not_grow_with_reports(client):
    cooperative = CooperativeFactory()
    client.force_login(officer_of(cooperative))
    url = f"/portal/koperasi/{cooperative.pk}/"
    AnnualReportFactory(cooperative=cooperative, fiscal_year=2020)
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(2021, 2025):
        AnnualReportFactory(cooperative=cooperative, fiscal_year=year)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
