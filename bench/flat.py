"""The pages' cost against the data's size (issue 24): the main pages timed in
process (Django test Client) at the scale seeded, written to
bench/flat-<scale>.json; once both scales have a file, the table of both columns,
their ratio (province / tenth) and the queries of each page (equal at both
scales) goes to its own section of bench/results.md.

The two scales live in two databases, so the two columns come from two runs,
and on a shared machine the load moves between them: run them alternately
(`python -m bench --scale tenth --only flat`, then `--scale province`, a few
times); each file keeps its last runs with when and under what load, the i-th
tenth run is paired with the i-th province run, and a page's ratio is the median
over the pairs. A page keeps the same path at both scales (a deep page is the
same page number, so the same OFFSET), so a ratio reads the data's size alone."""
# ruff: noqa: T201, RUF001, DTZ005, DTZ011 -- a command-line benchmark: prints, multiplication signs, local time

import datetime
import json
import os
import statistics
import time
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from . import report

HERE = Path(__file__).resolve().parent
SECTION_START = "<!-- flat: written by bench/flat.py -->"
SECTION_END = "<!-- /flat -->"
SCALES = ("tenth", "province")
NOT_FLAT = 2.0  # province / tenth above this: the page is looked into
INNER = 3  # requests a round, a page
KEEP = 5  # runs kept a scale, paired in order with the other scale's


def _pages(year: int, cooperative_id: int) -> list[tuple[str, str, str]]:
    """(label, who asks, path). Deep pages are pages every scale has (the tenth
    has 680 cooperatives, 34,458 enterprises, ~3,500 reports, ~6,300 loans)."""
    api = "/api/v1"
    return [
        ("API cooperatives, page 1", "api", f"{api}/cooperatives/?page_size=100"),
        (
            "API cooperatives, page 6",
            "api",
            f"{api}/cooperatives/?page=6&page_size=100",
        ),
        ("API enterprises, page 1", "api", f"{api}/enterprises/?page_size=100"),
        (
            "API enterprises, page 300",
            "api",
            f"{api}/enterprises/?page=300&page_size=100",
        ),
        ("API annual reports, page 1", "api", f"{api}/annual-reports/?page_size=100"),
        (
            "API annual reports, page 30",
            "api",
            f"{api}/annual-reports/?page=30&page_size=100",
        ),
        ("API loans, page 1", "api", f"{api}/financing/loans/?page_size=100"),
        ("API loans, page 60", "api", f"{api}/financing/loans/?page=60&page_size=100"),
        ("API enterprises, search", "api", f"{api}/enterprises/?search=jaya"),
        ("API cooperatives, search", "api", f"{api}/cooperatives/?search=jaya"),
        ("API enterprises, district", "api", f"{api}/enterprises/?district=64.72"),
        ("API cooperatives, district", "api", f"{api}/cooperatives/?district=64.72"),
        (
            "API statistics",
            "api",
            f"{api}/statistics/cooperatives/?year={year}",
        ),
        ("dashboard (staff)", "staff", "/dashboard/"),
        ("admin cooperatives", "staff", "/admin/cooperatives/cooperative/"),
        ("admin cooperatives, page 6", "staff", "/admin/cooperatives/cooperative/?p=6"),
        ("admin enterprises", "staff", "/admin/cooperatives/enterprise/"),
        (
            "admin enterprises, page 300",
            "staff",
            "/admin/cooperatives/enterprise/?p=300",
        ),
        (
            "admin enterprises, search",
            "staff",
            "/admin/cooperatives/enterprise/?q=jaya",
        ),
        ("admin annual reports", "staff", "/admin/cooperatives/annualreport/"),
        ("admin persons", "staff", "/admin/cooperatives/person/"),
        ("admin loans", "staff", "/admin/financing/loan/"),
        ("admin repayments", "staff", "/admin/financing/repayment/"),
        ("portal: KDMP coverage (staff)", "staff", "/portal/kdmp/"),
        ("portal: district office home", "district", "/portal/dinas/"),
        ("portal: district report queue", "district", "/portal/dinas/laporan/"),
        (
            "portal: cooperative home (officer)",
            "officer",
            f"/portal/koperasi/{cooperative_id}/",
        ),
    ]


def _clients() -> dict[str, Client]:
    from accounts.models import User
    from accounts.tokens import api_token_issue

    _token, key = api_token_issue(
        name=f"bench flat {datetime.datetime.now():%Y%m%d%H%M%S%f}", district_code=None
    )
    clients = {"api": Client(HTTP_AUTHORIZATION=f"Token {key}")}
    for who, username in (
        ("staff", "staf.demo"),
        ("district", "dinas.samarinda"),
        ("officer", "pengurus.demo"),
    ):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(username=username))
    return clients


def _get(client: Client, path: str) -> int:
    response = client.get(path)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code


def _slowest(captured: list[dict]) -> dict:
    query = max(captured, key=lambda q: float(q["time"]), default=None)
    if query is None:
        return {}
    return {"ms": float(query["time"]) * 1000, "sql": query["sql"][:400]}


def _figures_refreshed() -> None:
    """The stored figures (core.figures) computed before the pages are timed: in
    service a reader's enqueued refresh or the beat does it within minutes; no
    worker runs here, so the first request would find them dirty on a freshly
    seeded database and every request after it would count live."""
    from core.figures import families_refresh_dirty

    refreshed = families_refresh_dirty()
    print(f"flat: stored figures refreshed: {', '.join(refreshed) or 'none'}")


def _figures_state() -> dict[str, bool]:
    """Each family: whether its stored figures were dirty (not current) after the
    rounds (a page that wrote to a family's tables would have made it count live)."""
    from core.figures import families_current

    return {name: not current for name, current in families_current().items()}


def measure(rounds: int) -> dict[str, dict]:
    """Warm each page up, count its queries, then time every page in each round
    (the pages' order reversed every other round); median of the rounds."""
    from cooperatives.models import Cooperative
    from demo.registry.shape import DEMO_COOPERATIVE_NIK

    clients = _clients()
    _figures_refreshed()
    cooperative = Cooperative.objects.get(nik=DEMO_COOPERATIVE_NIK)
    year = datetime.date.today().year - 1
    pages = _pages(year, cooperative.pk)
    results = {}
    for label, who, path in pages:
        status = _get(clients[who], path)  # warm up: token, caches, plans
        with CaptureQueriesContext(connection) as ctx:
            _get(clients[who], path)
        results[label] = {
            "path": path,
            "who": who,
            "status": status,
            "queries": len(ctx.captured_queries),
            "slowest_query": _slowest(ctx.captured_queries),
            "ms_rounds": [],
        }
        if status != 200:
            print(f"flat: {path} answered HTTP {status}", flush=True)
    for round_ in range(rounds):
        order = pages if round_ % 2 == 0 else pages[::-1]
        for label, who, path in order:
            started = time.perf_counter()
            for _ in range(INNER):
                _get(clients[who], path)
            ms = (time.perf_counter() - started) / INNER * 1000
            results[label]["ms_rounds"].append(round(ms, 2))
        print(f"flat: round {round_ + 1}/{rounds} done", flush=True)
    for result in results.values():
        result["ms"] = statistics.median(result["ms_rounds"])
    return results


def _result_file(scale: str) -> Path:
    return HERE / f"flat-{scale}.json"


def run(url: str, args, sizes: dict) -> None:
    started = datetime.datetime.now(datetime.UTC)
    load = os.getloadavg()
    pages = measure(args.rounds)
    this = {
        "scale": args.scale,
        "database": url.rsplit("/", 1)[1],
        "sizes": sizes,
        "started": f"{started:%Y-%m-%d %H:%M:%S}",
        "load_average": [round(x, 2) for x in load],
        "rounds": args.rounds,
        "inner": INNER,
        "pages": pages,
        "figures_dirty_after": _figures_state(),
    }
    path = _result_file(args.scale)
    runs = [*_read(path), this][-KEEP:]
    path.write_text(json.dumps({"runs": runs}, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    for label, page in pages.items():
        print(f"{label:40} {page['ms']:8.1f} ms  {page['queries']} queries")
    write_section(args.output)


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    return data.get("runs", [data])


def _load_runs() -> dict[str, list[dict]]:
    runs = {scale: _read(_result_file(scale)) for scale in SCALES}
    return {scale: found for scale, found in runs.items() if found}


def _run_line(scale: str, runs: list[dict]) -> str:
    sizes = ", ".join(f"{label} {n:,}" for label, n in runs[-1]["sizes"].items())
    when = "; ".join(
        f"{run['started']} UTC, load {run['load_average'][0]:.1f}" for run in runs
    )
    return (
        f"- **{scale}** ({runs[-1]['database']}): {sizes}. Runs paired here "
        f"({runs[-1]['rounds']} rounds × {runs[-1]['inner']} requests a page each; "
        f"start, 1-min load average): {when}."
    )


def _paired(runs: dict[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    """The last runs of each scale, paired in order: the tenth run before the
    province one it is compared with (run them alternately)."""
    pairs = min(len(runs["tenth"]), len(runs["province"]))
    return runs["tenth"][-pairs:], runs["province"][-pairs:]


def table(runs: dict[str, list[dict]]) -> list[str]:
    tenths, provinces = _paired(runs)
    lines = [
        "| page | path | tenth ms | province ms | ratio (min–max over pairs) "
        "| queries (tenth / province) | slowest query at province |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, big in provinces[-1]["pages"].items():
        smalls = [run["pages"].get(label) for run in tenths]
        bigs = [run["pages"][label] for run in provinces]
        if any(s is None or s["path"] != big["path"] for s in smalls):
            lines.append(f"| {label} | `{big['path']}` | — | {big['ms']:.1f} | — | | |")
            continue
        ratios = [b["ms"] / s["ms"] for s, b in zip(smalls, bigs, strict=True)]
        ratio = statistics.median(ratios)
        small_ms = statistics.median(s["ms"] for s in smalls)
        big_ms = statistics.median(b["ms"] for b in bigs)
        flag = " ⚠" if ratio > NOT_FLAT else ""
        small = smalls[-1]
        equal = "" if small["queries"] == big["queries"] else " ⚠"
        status = "" if big["status"] == 200 else f" (HTTP {big['status']})"
        slowest = big["slowest_query"].get("ms", 0.0)
        lines.append(
            f"| {label}{status} | `{big['path']}` | {small_ms:.1f} | {big_ms:.1f} "
            f"| **{ratio:.2f}×**{flag} ({min(ratios):.2f}–{max(ratios):.2f}) "
            f"| {small['queries']} / {big['queries']}{equal} | {slowest:.1f} ms |"
        )
    return lines


def write_section(output: str) -> None:
    runs = _load_runs()
    lines = [
        SECTION_START,
        "## The pages' cost, tenth → province (bench/flat.py)",
        "",
        "Each page requested in process (Django test Client, DEBUG off) at both "
        "scales, the same path at both (a deep page is the same page number); "
        "milliseconds a request, median of the rounds, then of the runs. Ratio = "
        "province / tenth within each pair of runs (a tenth run, then a province "
        f"one), median over the pairs (⚠ above {NOT_FLAT:g}×, or queries that differ). "
        "Before its rounds each run refreshes the stored figures (core.figures: "
        "the registry's statistics, the enterprise counts, the dashboard's loan "
        "figures) that are dirty, as the beat or a reader's refresh does in service "
        "(no worker runs here); they stayed clean through the rounds "
        "(`figures_dirty_after` in the run's file).",
        "",
        *(_run_line(scale, found) for scale, found in runs.items()),
        "",
    ]
    if set(SCALES) <= set(runs):
        lines += table(runs)
    else:
        lines.append(
            "(one scale measured so far: run `python -m bench --scale "
            f"{'province' if 'tenth' in runs else 'tenth'} --only flat`)"
        )
    lines.append(SECTION_END)
    section = "\n".join(lines)
    report.replace_section(output, SECTION_START, SECTION_END, section)
    print(f"wrote {output} (flat section)")
