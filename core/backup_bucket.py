"""The media part of a backup when the files live in a bucket (MEDIA_STORAGE_URL
s3://…): every object under the storage's prefix goes into the same tar as
MEDIA_ROOT's files would, by the same relative names, so one archive restores
either way. Restoring into a bucket uploads every file of the archive, then
removes the objects the backup did not have (as MEDIA_ROOT is replaced whole); a
backup made from a disk restores into a bucket, which is how a host's files move to
object storage."""

from __future__ import annotations

import posixpath
import shutil
import tarfile
import tempfile

from django.core.files.storage import storages

from .files import on_disk

SPOOL_BYTES = 16 * 1024 * 1024


def bucket_storage():
    """The default storage when it is a bucket, else None (MEDIA_ROOT on disk)."""
    storage = storages["default"]
    return None if on_disk(storage) else storage


def describe(storage) -> str:
    prefix = storage.location.strip("/")
    return f"s3://{storage.bucket_name}/{prefix}".rstrip("/")


def _prefix(storage) -> str:
    location = storage.location.strip("/")
    return f"{location}/" if location else ""


def _objects(storage):
    """(relative name, object summary) of every object under the prefix."""
    prefix = _prefix(storage)
    for summary in storage.bucket.objects.filter(Prefix=prefix):
        name = summary.key[len(prefix) :]
        if name and not name.endswith("/"):
            yield name, summary


def archive_bucket(storage, archive: tarfile.TarFile) -> int:
    """Each object streamed into the archive; returns how many."""
    count = 0
    for name, summary in _objects(storage):
        info = tarfile.TarInfo(posixpath.join(".", name))
        info.size = summary.size
        info.mtime = summary.last_modified.timestamp()
        info.mode = 0o600
        body = summary.get()["Body"]
        try:
            archive.addfile(info, body)
        finally:
            body.close()
        count += 1
    return count


def restore_bucket(storage, archive: tarfile.TarFile) -> int:
    """The archive's files uploaded (streamed, one at a time), then the objects
    it did not hold deleted; returns how many were uploaded."""
    prefix, kept = _prefix(storage), set()
    for member in archive:
        if not member.isfile():
            continue
        name = posixpath.normpath(member.name)
        if name.startswith(("../", "/")) or name in ("..", "."):
            continue  # never outside the prefix
        # A streamed archive's member cannot seek, which an upload wants: spooled.
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            shutil.copyfileobj(archive.extractfile(member), spool)
            spool.seek(0)
            storage.bucket.upload_fileobj(spool, prefix + name)
        kept.add(name)
    for name, summary in list(_objects(storage)):
        if name not in kept:
            summary.delete()
    return len(kept)
