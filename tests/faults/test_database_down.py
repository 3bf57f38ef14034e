"""PostgreSQL unreachable: a clean 503 (HTML for people, JSON for the API), no traceback.

The shared server cannot be stopped from a test, so the test points this process's
default connection at a closed loopback port and reconnects: every query then fails
with a real OperationalError from psycopg. The original settings are restored after.
"""

import socket

import pytest
from django.db import connection

from tests.factories import StaffFactory


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def database_down():
    original = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = str(_closed_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(original)
        connection.ensure_connection()  # back on the real server before teardown


@pytest.mark.django_db(transaction=True)
def test_portal_page_answers_a_plain_503_when_the_database_is_down(
    client, make_api_client, request
):
    client.force_login(StaffFactory())
    api = make_api_client(None)

    request.getfixturevalue("database_down")

    response = client.get("/portal/notifikasi/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "tidak tersedia" in body
    assert "Traceback" not in body
    assert "OperationalError" not in body

    response = api.get("/api/v1/districts/")
    assert response.status_code == 503
    assert response.json() == {"detail": "Layanan sementara tidak tersedia."}

    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
