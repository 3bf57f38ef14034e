"""gunicorn's access and error logs mask NIKs too (gunicorn.conf.py): an access
line carries the query string, which Django's log filter never sees."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NIK = "6472014708900001"
MASKED = "6472********0001"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_access_log_masks_a_nik_in_the_query_string(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(  # noqa: S603 -- our own command line
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kukm_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kukm_portal.settings.local"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz?nik={NIK}", timeout=10
                )
                break
            except OSError as exc:  # not up yet, or an HTTP error status
                if getattr(exc, "code", None):
                    break
                assert server.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)

    written = log.read_text()
    assert "/healthz?nik=" in written
    assert MASKED in written
    assert NIK not in written
