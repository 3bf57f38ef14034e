"""A local S3-compatible server for the storage tests: moto in server mode (a real
HTTP endpoint speaking the S3 protocol, in a thread of the test process), and a
fresh private bucket per test that MEDIA_STORAGE_URL names, in the settings of this
process and in the environment of the processes a test starts."""

import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from kukm_portal.settings.storage import media_storage

KEY, SECRET, REGION = "kukmtestkey", "kukm/test+secret", "ap-southeast-3"


@pytest.fixture(scope="session")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"{host}:{port}"
    server.stop()


class Bucket:
    def __init__(self, endpoint: str, name: str):
        self.name, self.endpoint = name, endpoint
        self.url = (
            f"s3://{KEY}:{urllib.parse.quote(SECRET, safe='')}@{endpoint}/{name}"
            f"?region={REGION}&secure=0"
        )
        self.client = boto3.client(
            "s3",
            endpoint_url=f"http://{endpoint}",
            aws_access_key_id=KEY,
            aws_secret_access_key=SECRET,
            region_name=REGION,
        )

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    """A new private bucket, the default storage of this process and of any it starts;
    MEDIA_ROOT points at an empty folder, to show nothing lands on the disk."""
    found = Bucket(s3_endpoint, f"kukm-{uuid.uuid4().hex[:20]}")
    found.client.create_bucket(
        Bucket=found.name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    monkeypatch.setenv("MEDIA_STORAGE_URL", found.url)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(found.url)[0]}
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    return found


def fetch(url: str):
    """GET a URL as a browser following the redirect would (no credentials)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers
