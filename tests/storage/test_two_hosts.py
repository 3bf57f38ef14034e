"""Issue 24's "done when": two web processes with separate working directories
(and separate MEDIA_ROOTs, as two hosts would have) serve the same uploaded
document, because both keep their files in the same bucket."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from django.db import connection

from cooperatives.models import AnnualReport
from kukm_portal.celery import app
from tests.factories import PDF_BYTES, AnnualReportFactory
from tests.faults.test_redis_down import _free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


class WebProcess:
    """gunicorn serving the portal from its own working directory."""

    def __init__(self, home):
        self.home, self.port = home, _free_port()
        self.media = home / "media"
        self.base = f"http://127.0.0.1:{self.port}"
        home.mkdir(parents=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.storage.web_settings",
            "KUKM_WEB_DB_NAME": connection.settings_dict["NAME"],
            "KUKM_WEB_KEYPREFIX": app.conf.broker_transport_options["global_keyprefix"],
            "MEDIA_ROOT": str(self.media),
        }
        self.log = open(home / "gunicorn.log", "wb")  # noqa: SIM115 closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 fixed arguments
            [sys.executable, "-m", "gunicorn", "kukm_portal.wsgi:application",
             "--pythonpath", str(settings.BASE_DIR), "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "120"],
            cwd=home, env=env, stdout=self.log, stderr=self.log,
        )  # fmt: skip

    def wait(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, (self.home / "gunicorn.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def get(self, path: str, token: str, follow: bool = True):
        return requests.get(
            self.base + path,
            headers={"Authorization": f"Token {token}"},
            allow_redirects=follow,
            timeout=60,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def test_two_web_processes_serve_the_same_uploaded_document(
    bucket, samarinda_api, balikpapan_api, tmp_path
):
    report = AnnualReportFactory(minutes_file="", financial_statements_file="")
    path = f"/api/v1/annual-reports/{report.pk}/attachments/"
    hosts = [WebProcess(tmp_path / "host-a"), WebProcess(tmp_path / "host-b")]
    try:
        for host in hosts:
            host.wait()
        first, second = hosts
        uploaded = requests.post(
            first.base + path,
            headers={"Authorization": f"Token {samarinda_api.key}"},
            files={"minutes": ("rat.pdf", PDF_BYTES, "application/pdf")},
            timeout=60,
        )
        served = second.get(path + "minutes/", samarinda_api.key, follow=False)
        followed = second.get(path + "minutes/", samarinda_api.key)
        outsider = first.get(path + "minutes/", balikpapan_api.key, follow=False)
    finally:
        for host in hosts:
            host.stop()

    name = AnnualReport.objects.get(pk=report.pk).minutes_file.name
    assert uploaded.status_code == 200, uploaded.text
    assert bucket.keys() == {name}
    assert served.status_code == 302
    assert served.headers["Location"].startswith(f"http://{bucket.endpoint}/")
    assert followed.status_code == 200
    assert followed.content == PDF_BYTES
    assert "attachment" in followed.headers["Content-Disposition"]
    assert outsider.status_code == 404
    assert "Location" not in outsider.headers
    for host in hosts:  # neither host kept the file on its own disk
        assert not host.media.exists()
