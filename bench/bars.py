"""The bars of SPEC section 4: each numerator against its baseline in the same
process, in interleaved rounds (the order alternates each round), reporting the
median, min and max of the per-round ratios."""
# ruff: noqa: T201, RUF001, DTZ005, DTZ011 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import datetime
import os
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field

import psycopg
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import explain, raw, report

PAGE_SIZE = 100


@dataclass
class Bar:
    name: str
    numerator: str
    baseline: str
    target: str
    floor: str
    run_numerator: object
    run_baseline: object
    inner: int = 5
    queries: str = ""
    ratios: list = field(default_factory=list)
    num_times: list = field(default_factory=list)
    base_times: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def _time(fn, inner: int) -> float:
    started = time.perf_counter()
    for _ in range(inner):
        fn()
    return (time.perf_counter() - started) / inner


def _staff_client() -> Client:
    from accounts.tokens import api_token_issue

    _token, key = api_token_issue(
        name=f"bench {datetime.datetime.now():%Y%m%d%H%M%S%f}", district_code=None
    )
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _page_within(requested: int, rows: int) -> int:
    """The requested page, or the last full page when the data is smaller."""
    last_full = max(1, rows // PAGE_SIZE)
    return min(requested, last_full)


def _api_get(client: Client, path: str):
    def call():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.content[:300]}")
        return response.content

    return call


def _count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def build_bars(url: str, sizes: dict, scale: str):
    from accounts.scope import Scope
    from cooperatives.selectors import cooperative_stats

    client = _staff_client()
    conn = psycopg.connect(url, autocommit=True)
    bars = []

    enterprise_page = _page_within(50, sizes["enterprises"])
    path = f"/api/v1/enterprises/?page={enterprise_page}&page_size={PAGE_SIZE}"
    bars.append(
        Bar(
            "list",
            f"GET {path} (Django test Client, staff token)",
            "psycopg page + count, orjson",
            "≤ 2.5×",
            "≤ 4.5×",
            _api_get(client, path),
            lambda p=enterprise_page: raw.enterprise_page(conn, p, PAGE_SIZE),
        )
    )
    coop_page = _page_within(20, sizes["cooperatives"])
    path = f"/api/v1/cooperatives/?page={coop_page}&page_size={PAGE_SIZE}"
    bars.append(
        Bar(
            "list with derived fields",
            f"GET {path}",
            "psycopg page (LATERAL member_count, is_active/last_rat_year in SQL) "
            "+ count, orjson",
            "≤ 3×",
            "≤ 5×",
            _api_get(client, path),
            lambda p=coop_page: raw.cooperative_page(conn, p, PAGE_SIZE),
        )
    )
    year = datetime.date.today().year - 1
    bars.append(
        Bar(
            "aggregate",
            f"selectors.cooperative_stats(province, year={year})",
            "hand-written SQL, same figures (dict rows)",
            "≤ 1.5×",
            "≤ 2×",
            lambda: cooperative_stats(scope=Scope.province(), year=year),
            lambda: raw.stats(conn, year),
        )
    )
    path = f"/api/v1/statistics/cooperatives/?year={year}"
    bars.append(
        Bar(
            "aggregate (endpoint)",
            f"GET {path}",
            "hand-written SQL, same figures, orjson",
            "≤ 1.5×",
            "≤ 2×",
            _api_get(client, path),
            lambda: __import__("orjson").dumps(raw.stats(conn, year), default=str),
        )
    )
    export = _export_bar(conn, year)
    bars.append(export)
    return bars, client, conn


def _export_bar(conn, year: int) -> Bar:
    from accounts.scope import Scope
    from reports.builders.registry import enterprise_recap
    from reports.writers.csv import write_csv

    directory = tempfile.mkdtemp(prefix="kukm-bench-")

    def numerator():
        report_ = enterprise_recap(scope=Scope.province(), year=year, district=None)
        write_csv(report_, os.path.join(directory, "django.csv"), lambda _p: None)

    def baseline():
        with open(os.path.join(directory, "copy.csv"), "wb") as handle:
            raw.export_copy(conn, handle)

    # Not a SPEC bar (its export bar is the CSV over HTTP, in bars_http): the
    # background report's CSV, kept to watch the report builders' cost.
    return Bar(
        "report-csv",
        "reports enterprise_recap → write_csv (background report, in-process)",
        "psycopg COPY … TO STDOUT → file",
        "— (not a SPEC bar)",
        "—",
        numerator,
        baseline,
        inner=1,
    )


def _peak_memory(fn) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - before) / 2**20


def run_all(url: str, args, sizes: dict) -> None:
    bars, client, conn = build_bars(url, sizes, args.scale)
    only = set(args.only.split(",")) if getattr(args, "only", None) else None
    if only:
        bars = [bar for bar in bars if bar.name.split(" ")[0] in only]
        if not bars:  # only HTTP bars: leave the in-process section as it is
            conn.close()
            __import__("bench.bars_http").bars_http.run_all(url, args, sizes)
            return
    for bar in bars:  # warm up, count queries
        bar.run_baseline()
        bar.run_numerator()  # the first request of a token also stamps last_used_at
        bar.queries = str(_count_queries(bar.run_numerator))
        print(f"{bar.name}: {bar.queries} queries", flush=True)
    for round_ in range(args.rounds):
        for bar in bars:
            if round_ % 2 == 0:
                num = _time(bar.run_numerator, bar.inner)
                base = _time(bar.run_baseline, bar.inner)
            else:
                base = _time(bar.run_baseline, bar.inner)
                num = _time(bar.run_numerator, bar.inner)
            bar.num_times.append(num)
            bar.base_times.append(base)
            bar.ratios.append(num / base)
        print(
            f"round {round_ + 1}/{args.rounds}: "
            + ", ".join(f"{b.name} {b.ratios[-1]:.2f}×" for b in bars),
            flush=True,
        )
    memory = {}
    for bar in bars:
        if bar.name == "report-csv":
            memory["report CSV"] = _peak_memory(bar.run_numerator)
            memory["export baseline (COPY)"] = _peak_memory(bar.run_baseline)
    plans = explain.main_lists(client)
    for bar in bars:
        print(
            f"{bar.name:28} median {statistics.median(bar.ratios):6.2f}×  "
            f"min {min(bar.ratios):.2f} max {max(bar.ratios):.2f}  "
            f"({statistics.median(bar.num_times) * 1000:.1f} ms vs "
            f"{statistics.median(bar.base_times) * 1000:.1f} ms)  "
            f"queries {bar.queries}"
        )
    for label, mb in memory.items():
        print(f"peak memory {label}: {mb:.1f} MB")
    report.write(args, sizes, bars, memory, plans)
    conn.close()
    __import__("bench.bars_http").bars_http.run_all(url, args, sizes)
