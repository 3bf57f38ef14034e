"""A real Celery worker in its own process (`celery worker`), for tests that kill
it or stop its broker. It uses the test database and the broker key prefix of the
test process, so it takes only the tasks that process publishes."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connection, connections

from kukm_portal.celery import app


class WorkerProcess:
    """A prefork worker with one child: the main process takes and acknowledges
    messages, the child runs the tasks (as in production)."""

    def __init__(self, *, email_dir: Path, broker_url: str | None = None,
                 visibility_timeout: int = 3600, reminder_batch: int = 1000):  # fmt: skip
        self.email_dir = email_dir
        self.broker_url = broker_url or app.conf.broker_url
        self.visibility_timeout = visibility_timeout
        self.reminder_batch = reminder_batch
        self.process = None
        self.log = email_dir.parent / "worker.log"

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "KUKM_WORKER_DB_NAME": connection.settings_dict["NAME"],
            "KUKM_WORKER_BROKER_URL": self.broker_url,
            "KUKM_WORKER_KEYPREFIX": app.conf.broker_transport_options[
                "global_keyprefix"
            ],
            "KUKM_WORKER_VISIBILITY": str(self.visibility_timeout),
            "KUKM_WORKER_EMAIL_DIR": str(self.email_dir),
            "KUKM_WORKER_REMINDER_BATCH": str(self.reminder_batch),
        }
        self.email_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "kukm_portal", "worker",
                 "--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING", "--without-heartbeat",
                 "--without-gossip", "--without-mingle"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log,
                start_new_session=True,
            )  # fmt: skip

    def pool_children(self) -> list[int]:
        listing = subprocess.run(  # noqa: S603 - fixed arguments
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],  # noqa: S607
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return [int(pid) for pid in listing.stdout.split()]

    def kill_pool_child(self) -> None:
        """SIGKILL the process running the task (as the OOM killer would); the
        main worker process survives and starts a new child."""
        for pid in self.pool_children():
            os.kill(pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the whole worker: no warm shutdown, nothing acknowledged or
        requeued by it."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def emails(self) -> list[str]:
        """The messages written so far (the file backend writes one file per
        connection, messages separated by a line of dashes)."""
        messages = []
        for path in sorted(self.email_dir.glob("*.log")):
            chunks = path.read_text().split("\n" + "-" * 79 + "\n")
            messages += [chunk for chunk in chunks if chunk.strip()]
        return messages


def wait_for(condition, seconds: float = 60.0, interval: float = 0.1) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError("timed out waiting for the worker")


def wait_for_count(count, target: int, *, stall_seconds: float = 60.0) -> None:
    """Wait until count() reaches target, as long as it keeps moving: a slow,
    shared machine only makes it slower, a stuck worker fails within stall_seconds."""
    last, moved = count(), time.monotonic()
    while last < target:
        time.sleep(0.5)
        now = count()
        if now != last:
            last, moved = now, time.monotonic()
        elif time.monotonic() - moved > stall_seconds:
            raise AssertionError(f"stuck at {last} of {target}")


@contextmanager
def thread_worker():
    """Celery's in-process test worker (a thread, solo pool). Celery keeps a
    task's database connection for the next task (as a request does), so each
    task here closes its thread's connections when it ends: the thread goes away
    with the block, and an open connection of it would keep the test database
    from being dropped."""

    def close_connections(**_kwargs):
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(close_connections)
