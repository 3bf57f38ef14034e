"""The bars measured over HTTP or across processes (SPEC section 4): the CSV export
over HTTP against `COPY … TO STDOUT`, the export's memory (100,000 and 1,000,000
rows), the API list's requests/s under gunicorn against a bare WSGI app, the
reminder fan-out against a no-op Celery task (bench.reminders), and the queries of
the API lists, admin changelists and portal pages. Written to their own section of
bench/results.md, after the in-process bars."""
# ruff: noqa: T201, RUF001, S603, S608 -- a command-line benchmark: prints, multiplication signs, subprocesses, own SQL

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import psycopg

from . import report

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("export", "memory", "http", "reminders", "queries")
SECTION_START = "<!-- bars_http: written by bench/bars_http.py -->"
SECTION_END = "<!-- /bars_http -->"
PAGE_SIZE = 100
LOAD_SECONDS = 4
CONNECTIONS = 4
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]


# --- servers and load -------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str):
    """`gunicorn app` on a free port, 2 sync workers: the same for both sides."""
    port = _free_port()
    env = {**os.environ, "EXPORT_RATE": "100000000/minute"}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            *GUNICORN,
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit(f"gunicorn {app} did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(port: int, path: str, headers: dict) -> tuple[int, int]:
    """GET, reading the body in 64 KiB pieces and dropping them: (status, bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    size = 0
    while piece := response.read(65536):
        size += len(piece)
    conn.close()
    return response.status, size


def load(port: int, path: str, headers: dict, seconds: float = LOAD_SECONDS) -> float:
    """Requests/s from a load generator in another process: wrk, or bench.loadgen."""
    header_args = []
    for key, value in headers.items():
        header_args += ["-H" if shutil.which("wrk") else "--header", f"{key}: {value}"]
    url = f"http://127.0.0.1:{port}{path}"
    if shutil.which("wrk"):
        cmd = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", *header_args, url]
    else:
        cmd = [sys.executable, "-m", "bench.loadgen", url, "--seconds", str(seconds)]
        cmd += ["--connections", str(CONNECTIONS), *header_args]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    if "Non-2xx" in out.stdout:
        raise SystemExit(f"{path}: errors under load\n{out.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))


def load_generator() -> str:
    return "wrk" if shutil.which("wrk") else "bench.loadgen (wrk not installed)"


# --- bars ---------------------------------------------------------------------------
def _token() -> str:
    import datetime

    from accounts.tokens import api_token_issue

    _token_obj, key = api_token_issue(
        name=f"bench http {datetime.datetime.now():%Y%m%d%H%M%S%f}",  # noqa: DTZ005
        district_code=None,
    )
    return key


def _export_sql() -> tuple[str, list]:
    """The export's own query for the province (the API's default ordering)."""
    from accounts.scope import Scope
    from cooperatives.exports import ENTERPRISE_COLUMNS, export_rows
    from cooperatives.selectors import enterprise_list

    rows = export_rows(
        enterprise_list(scope=Scope.province()).order_by("name", "id"),
        ENTERPRISE_COLUMNS,
    )
    sql, params = rows.query.get_compiler("default").as_sql()
    return sql, list(params)


def copy_to_nowhere(conn, sql: str, params) -> int:
    size = 0
    with (
        conn.cursor() as cursor,
        cursor.copy(
            f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params or None
        ) as copy,
    ):
        for chunk in copy:
            size += len(chunk)
    return size


def export_bar(url: str, port: int, headers: dict, rounds: int) -> dict:
    sql, params = _export_sql()
    conn = psycopg.connect(url, autocommit=True)
    path = "/api/v1/enterprises/export.csv"
    status, size = _get(port, path, headers)  # warm up
    if status != 200:
        raise SystemExit(f"export: HTTP {status}")
    ratios, nums, bases = [], [], []
    for round_ in range(rounds):
        order = (0, 1) if round_ % 2 == 0 else (1, 0)
        times = [0.0, 0.0]
        for side in order:
            started = time.perf_counter()
            if side == 0:
                _get(port, path, headers)
            else:
                copy_to_nowhere(conn, sql, params)
            times[side] = time.perf_counter() - started
        nums.append(times[0])
        bases.append(times[1])
        ratios.append(times[0] / times[1])
        print(f"export over HTTP round {round_ + 1}: {ratios[-1]:.2f}×", flush=True)
    conn.close()
    return {
        "name": "export (HTTP)",
        "numerator": f"GET {path} through gunicorn (2 sync workers), "
        f"{size / 2**20:.1f} MB read by an http.client in the bench process",
        "baseline": "psycopg COPY (the export's SELECT) TO STDOUT, read and dropped",
        "ratios": ratios,
        "times": (statistics.median(nums), statistics.median(bases)),
        "target": "≤ 1.5×",
        "floor": "≤ 5.5×",
        "lower_is_better": True,
    }


def _peak(fn) -> float:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fn()
        return (tracemalloc.get_traced_memory()[1] - before) / 2**20
    finally:
        tracemalloc.stop()


def export_memory(headers: dict) -> dict:
    """Peak growth while streaming: the view (Django test Client, in process) for
    the enterprises, and the same streaming path over ten times the rows."""
    from django.test import Client

    from cooperatives.exports import ENTERPRISE_COLUMNS, copy_csv_stream

    client = Client(HTTP_AUTHORIZATION=headers["Authorization"])

    def view():
        response = client.get("/api/v1/enterprises/export.csv")
        for _chunk in response.streaming_content:
            pass

    sql, params = _export_sql()
    million = f"SELECT t.* FROM ({sql}) t CROSS JOIN generate_series(1, 10) AS copies"

    def ten_times():
        stream = copy_csv_stream(
            million, params, header=[name for name, _l in ENTERPRISE_COLUMNS]
        )
        for _chunk in stream:
            pass

    view()  # warm up (imports, the token's first use)
    return {"view": _peak(view), "tenfold": _peak(ten_times)}


def http_list_bar(port_django: int, port_raw: int, headers, page: int, rounds: int):
    path = f"/api/v1/enterprises/?page={page}&page_size={PAGE_SIZE}"
    ratios, nums, bases = [], [], []
    load(port_django, path, headers, 1)  # warm up both
    load(port_raw, path, {}, 1)
    for round_ in range(rounds):
        if round_ % 2 == 0:
            num = load(port_django, path, headers)
            base = load(port_raw, path, {})
        else:
            base = load(port_raw, path, {})
            num = load(port_django, path, headers)
        nums.append(num)
        bases.append(base)
        ratios.append(num / base)
        print(f"HTTP list round {round_ + 1}: {ratios[-1]:.2f}", flush=True)
    return {
        "name": "HTTP list",
        "numerator": f"requests/s of GET {path} (staff token) under gunicorn",
        "baseline": "bench/wsgi_raw.py: the same page via psycopg + orjson, same "
        f"gunicorn config; {load_generator()}, {CONNECTIONS} connections, "
        f"{LOAD_SECONDS} s per side per round",
        "ratios": ratios,
        "times": (statistics.median(nums), statistics.median(bases)),
        "target": "≥ 0.40",
        "floor": "≥ 0.25",
        "lower_is_better": False,
    }


# --- the section of results.md --------------------------------------------------------
def _row(bar: dict) -> str:
    unit = "×" if bar["lower_is_better"] else ""
    ratios = bar["ratios"]
    num, base = bar["times"]
    times = (
        f"{num * 1000:.0f} ms / {base * 1000:.0f} ms"
        if bar["lower_is_better"]
        else f"{num:.1f} / {base:.1f} {bar.get('unit', 'req/s')}"
    )
    return (
        f"| {bar['name']} | {bar['numerator']} | {bar['baseline']} "
        f"| **{statistics.median(ratios):.2f}{unit}** | {min(ratios):.2f}{unit} "
        f"| {max(ratios):.2f}{unit} | {bar['target']} | {bar['floor']} | {times} |"
    )


def write_section(output: str, bars: list, memory: dict, queries: list) -> None:
    lines = [
        SECTION_START,
        "## Over HTTP and across processes (bench/bars_http.py)",
        "",
    ]
    if bars:
        lines += [
            "Median, min and max of the per-round ratios (export: time ratio, lower "
            "is better; HTTP list and reminders: throughput ratio, higher is better).",
            "",
            "| bar | numerator | baseline | median | min | max | target | floor "
            "| median (num / base) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            *(_row(bar) for bar in bars),
        ]
    if memory:
        lines += [
            "",
            "Export memory, peak growth of the exporting process (tracemalloc, target "
            "≤ 16 MB and the same at 1M rows, floor ≤ 50 MB):",
            "",
        ]
        lines += [f"- {label}: {mb:.2f} MB" for label, mb in memory.items()]
    if queries:
        lines += [
            "",
            "Queries per request (in process, Django test Client; the token or "
            "session lookups included):",
            "",
            "| page | queries |",
            "| --- | --- |",
            *(f"| `{page}` | {count} |" for page, count in queries),
        ]
    lines.append(SECTION_END)
    section = "\n".join(lines)
    report.replace_section(output, SECTION_START, SECTION_END, section)
    print(f"wrote {output} (HTTP section)")


def run_all(url: str, args, sizes: dict) -> None:
    only = set(args.only.split(",")) if getattr(args, "only", None) else None
    wanted = [name for name in NAMES if only is None or name in only]
    if not wanted:
        return
    from . import queries as query_counts

    key = _token()
    headers = {"Authorization": f"Token {key}"}
    bars, memory, queries = [], {}, []
    page = min(50, max(1, sizes["enterprises"] // PAGE_SIZE))
    if "export" in wanted or "http" in wanted:
        with gunicorn("kukm_portal.wsgi:application") as port:
            if "export" in wanted:
                bars.append(export_bar(url, port, headers, args.rounds))
            if "http" in wanted:
                with gunicorn("bench.wsgi_raw:application") as raw_port:
                    bars.append(
                        http_list_bar(port, raw_port, headers, page, args.rounds)
                    )
    if "memory" in wanted:
        peaks = export_memory(headers)
        memory[f"export of {sizes['enterprises']:,} enterprises (the view)"] = peaks[
            "view"
        ]
        memory[
            f"the same stream over {10 * sizes['enterprises']:,} rows "
            "(enterprises × generate_series(1, 10))"
        ] = peaks["tenfold"]
    if "reminders" in wanted:
        from . import reminders

        bars.append(reminders.reminders_bar(url, sizes, rounds=min(args.rounds, 3)))
    if "queries" in wanted:
        queries = query_counts.per_page(headers)
    for bar in bars:
        print(f"{bar['name']}: median {statistics.median(bar['ratios']):.2f}")
    for label, mb in memory.items():
        print(f"peak memory {label}: {mb:.2f} MB")
    for page_, count in queries:
        print(f"queries {page_}: {count}")
    write_section(args.output, bars, memory, queries)
