"""`make backup` with the files in a bucket: the archive holds the bucket's
objects (encrypted, like the rest), and restore puts the bucket back as it was
(objects added since are removed). A backup made from MEDIA_ROOT restores into a
bucket: the way one host's files move to object storage."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from core import backup
from kukm_portal.settings.storage import media_storage

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_takes_the_bucket_and_restore_puts_it_back(bucket, tmp_path):
    kept = default_storage.save("reports/rekap-2025.csv", ContentFile(b"a;b\n1;2\n"))
    scan = default_storage.save("financing/applications/ktp.pdf", ContentFile(b"%PDF"))
    folder = tmp_path / "cadangan"

    call_command("backup", "--dir", str(folder))
    bucket.client.delete_object(Bucket=bucket.name, Key=scan)
    bucket.client.put_object(Bucket=bucket.name, Key=kept, Body=b"diubah")
    default_storage.save("reports/sesudah.csv", ContentFile(b"baru"))
    call_command("restore", "--dir", str(folder), "--noinput")

    manifest = json.loads((folder / backup.MANIFEST).read_text())
    content = (folder / backup.MEDIA).read_bytes()
    assert manifest["media"] == f"s3://{bucket.name}"
    assert b"a;b" not in content  # encrypted, as on disk
    assert bucket.keys() == {kept, scan}
    assert bucket.read(kept) == b"a;b\n1;2\n"
    assert bucket.read(scan) == b"%PDF"


def test_a_disk_backup_restores_into_a_bucket(bucket, settings, tmp_path):
    s3 = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": media_storage("")[0]}
    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("cooperatives/rat.pdf", ContentFile(b"%PDF-1.7 rat"))
    folder = backup.backup(tmp_path / "cadangan")

    settings.STORAGES = {**settings.STORAGES, "default": s3}
    backup.restore(folder)

    assert bucket.keys() == {name}
    assert default_storage.open(name).read() == b"%PDF-1.7 rat"
