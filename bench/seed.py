"""Create, migrate and seed the benchmark database once per scale; reuse it after.

A one-row table `bench_marker` records the scale the data was seeded at, and is
written only after the seed (and the installments) committed."""
# ruff: noqa: T201, S608 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import io
import resource
import time

import psycopg

# Kalimantan Timur's real size (issue 24): cooperatives (the demo cooperative and
# the KDMP, which mark existing cooperatives, included), enterprises,
# installments; and a tenth of it, to show the pages' cost flat between the two.
SCALES = {
    "province": (6_800, 344_581, 3_000_000),
    "tenth": (680, 34_458, 300_000),
}
ALIASES = {"full": "province"}  # the name `make bench` used before issue 24
YEARS = 10  # of annual reports, at both scales


def ensure_database(url: str, admin_url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            print(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def _marker(conn) -> str | None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_marker (scale text PRIMARY KEY, "
        "seeded_at timestamptz NOT NULL DEFAULT now(), seconds real)"
    )
    row = conn.execute("SELECT scale FROM bench_marker").fetchone()
    return row[0] if row else None


def ensure_seeded(url: str, scale: str, *, installments: bool = True) -> dict:
    """Migrate, then seed at `scale` unless the marker says it is done."""
    from django.core.management import call_command

    name = url.rsplit("/", 1)[1].split("?")[0]
    call_command("migrate", verbosity=0, interactive=False)
    with psycopg.connect(url, autocommit=True) as conn:
        seeded = _marker(conn)
        if seeded == scale:
            print(f"reusing {name} seeded at scale {scale!r}")
            if installments:
                _installments(url, SCALES[scale][2])
            return counts(conn)
        if seeded is not None:
            raise SystemExit(
                f"{name} holds scale {seeded!r}; drop it "
                f"(dropdb {name}) to seed {scale!r}"
            )
    cooperatives, enterprises, target = SCALES[scale]
    started = time.perf_counter()
    print(
        f"seeding {cooperatives:,} cooperatives, {enterprises:,} enterprises, "
        f"{YEARS} years ...",
        flush=True,
    )
    call_command(
        "seed_demo",
        cooperatives=cooperatives - 1,  # seed_demo adds the demo cooperative
        enterprises=enterprises,
        years=YEARS,
        stdout=io.StringIO(),
    )
    print(
        f"  seed_demo: {time.perf_counter() - started:.0f} s, peak memory of this "
        f"process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        flush=True,
    )
    if installments:
        _installments(url, target)
    with psycopg.connect(url, autocommit=True) as conn:
        for table in (
            "cooperatives_cooperative",
            "cooperatives_enterprise",
            "cooperatives_annualreport",
            "cooperatives_person",
        ):
            conn.execute(f"VACUUM ANALYZE {table}")
        conn.execute(
            "INSERT INTO bench_marker (scale, seconds) VALUES (%s, %s)",
            [scale, time.perf_counter() - started],
        )
        return counts(conn)


def _installments(url: str, target: int) -> None:
    """Top up to the target (separately from the marker, so a later run can)."""
    from .installments import seed_installments

    t = time.perf_counter()
    made = seed_installments(url, target)
    if made:
        print(f"  installments: +{made:,} in {time.perf_counter() - t:.0f} s")


TABLES = {
    "cooperatives": "cooperatives_cooperative",
    "enterprises": "cooperatives_enterprise",
    "annual reports": "cooperatives_annualreport",
    "persons": "cooperatives_person",
    "installments": "financing_installment",
}


def counts(conn) -> dict:
    return {
        label: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for label, table in TABLES.items()
    }
