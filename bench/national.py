"""`python -m bench.national [--stage one|ten|all|none] [--rounds N] [--drop]`: the
national plan's experiment (docs/scaling.md, "National plan").

Its own database (`kukm_nat_bench`): migrate, a small demo registry, then the
enterprises of one province (344,581) made in SQL; the pages are measured on the
table as it is and on a copy partitioned by province; then nine more provinces
(3,445,810) and the same again. Each page is the real code path (Django test
Client in-process, a staff token and a district token, the dashboard signed in),
timed in interleaved rounds (median), with EXPLAIN (ANALYZE, BUFFERS) of the
enterprise queries it runs. The partitioned copy is read through the very SQL the
ORM writes: it lives in schema `nat_part` under the same table name, and the
connection's search_path puts that schema first."""
# ruff: noqa: T201 -- a command-line benchmark: prints, multiplication signs

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".data" / "national-results.json"
OUTPUT = ROOT / "bench" / "results-national.md"
STAGES = {"one": 1, "ten": 10}
DISTRICT = "64.72"  # Samarinda: the district user's pages


def _setup():
    os.environ.setdefault("BENCH_DB", "kukm_nat_bench")
    os.environ["EXPORT_RATE"] = "1000000/minute"  # the export is timed in rounds
    from . import env

    url = env.configure("full")
    sys.path.insert(0, str(ROOT))
    from .seed import ensure_database

    ensure_database(url, env.admin_dsn(url))
    import django

    django.setup()
    return url


def _seed_demo(conn) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    conn.execute("CREATE TABLE IF NOT EXISTS nat_marker (provinces int NOT NULL)")
    if conn.execute("SELECT 1 FROM nat_marker").fetchone():
        return
    print("seed_demo (100 cooperatives, 200 enterprises) ...", flush=True)
    with open(os.devnull, "w") as quiet:
        call_command(
            "seed_demo", cooperatives=100, enterprises=200, years=3, stdout=quiet
        )
    conn.execute("INSERT INTO nat_marker VALUES (0)")


def _ensure_provinces(conn, wanted: int) -> None:
    from . import national_data as data

    have = conn.execute("SELECT provinces FROM nat_marker").fetchone()[0]
    if have > wanted:
        raise SystemExit(
            f"the database holds {have} provinces: drop it (--stage none --drop) "
            f"to measure {wanted}"
        )
    if have == wanted:
        return
    print(f"growing to {wanted} province(s) ...", flush=True)
    seconds = data.grow(conn, data.PROVINCES[have:wanted])
    conn.execute("UPDATE nat_marker SET provinces = %s", [wanted])
    print(f"  grown in {seconds:.0f} s", flush=True)
    seconds = data.build_partitioned(conn)
    print(f"  partitioned copy in {seconds:.0f} s", flush=True)


def _load() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national")
    parser.add_argument(
        "--stage",
        choices=["one", "ten", "all", "none"],
        default="all",
        help="none: only write the report from the saved results (and --drop)",
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--drop", action="store_true", help="drop the database after")
    args = parser.parse_args(argv)
    from . import national_report

    url = _setup()
    stages = {"all": ["one", "ten"], "none": []}.get(args.stage, [args.stage])
    results = _load()
    if stages:
        results = _measure(url, stages, args.rounds, results)
    national_report.write(results, OUTPUT)
    print(f"written {OUTPUT}")
    if args.drop:
        _drop(url)
    return 0


def _measure(url: str, stages: list[str], rounds: int, results: dict) -> dict:
    import psycopg

    from . import national_pages as pages

    with psycopg.connect(url, autocommit=True) as conn:
        _seed_demo(conn)
        for stage in stages:
            _ensure_provinces(conn, STAGES[stage])
            rows = conn.execute(
                "SELECT count(*) FROM cooperatives_enterprise"
            ).fetchone()[0]
            for variant in ("plain", "partitioned"):
                key = f"{stage}/{variant}"
                print(f"measuring {key} ({rows:,} enterprises) ...", flush=True)
                results[key] = pages.measure(variant, rounds, rows, DISTRICT)
                results[key]["rows"] = rows
                RESULTS.write_text(json.dumps(results, indent=1))
    return results


def _drop(url: str) -> None:
    """The database is 3.7 GB at ten provinces."""
    import psycopg
    from django.db import connections

    from . import env

    connections.close_all()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(env.admin_dsn(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"dropped {name}")


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"total {time.perf_counter() - started:.0f} s")
    raise SystemExit(code)
