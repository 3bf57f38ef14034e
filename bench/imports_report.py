"""bench/imports.py's section of results.md."""
# ruff: noqa: T201, RUF001, DTZ005 -- a benchmark's report: prints, multiplication signs, local time

import datetime
import os
import statistics

from .imports import SECTION_END, SECTION_START
from .imports_why import WHY


def write_section(output: str, r: dict) -> None:
    ratios = [seconds / copy for seconds, copy, _mb in r["rounds"]]
    ratio = statistics.median(ratios)
    peak_mb = max(mb for _s, _c, mb in r["rounds"])
    back_s = r["first_s"] + r["history_s"] + r["search_s"]
    again_ratio = r["again_s"] / r["copy_s"]
    lines = [
        SECTION_START,
        "## Bulk import (bench/imports.py, issue 17 item 4)",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, `python -m bench.imports "
        f"--rows {r['rows']}`, on {os.cpu_count()} cores: one CSV of "
        f"{r['rows']:,} enterprises with their owners' NIKs ({r['size_mb']:.1f} MB), "
        f"into an empty registry.",
        "",
        "| bar | numerator | baseline | ratio | target | floor | times (num / base) "
        "| peak memory growth |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| import | import job (`import_run`): {r['first'].created:,} enterprises "
        f"and owners created (NIKs encrypted and hashed, their history records "
        f"recorded for after the commit) "
        f"| `COPY … FROM STDIN (FORMAT csv)` of the same file into an unlogged "
        f"staging table | **{ratio:.2f}×** (median of {len(ratios)} rounds: "
        f"{', '.join(f'{x:.2f}×' for x in ratios)}) | ≤ 10× | ≤ 30× | "
        f"{'; '.join(f'{s:.1f} s / {c:.2f} s' for s, c, _m in r['rounds'])} "
        f"| {r['first_mb']:.1f} MB in a fresh process, {peak_mb:.1f} MB at most "
        f"(≤ 64 MB) |",
        f"| until the history and every index are back | the import job, then "
        f"the tasks writing the {r['records']:,} history records and building the "
        f"{len(r['searches'])} indexes it left for after its commit | the same COPY "
        f"| {back_s / r['copy_s']:.2f}× | — | — | {r['first_s']:.1f} s + "
        f"{r['history_s']:.1f} s + {r['search_s']:.1f} s / {r['copy_s']:.2f} s | — |",
        f"| re-import | the same file again: **{r['again'].created} created, "
        f"{r['again'].updated} updated** | the same COPY | {again_ratio:.2f}× | — | — "
        f"| {r['again_s']:.1f} s / {r['copy_s']:.2f} s | {r['again_mb']:.1f} MB |",
        f"| 1% bad rows | the file with every 100th row broken (6 kinds), skip "
        f"invalid: **{r['faulty'].skipped:,} rejected of {len(r['broken']):,} "
        f"broken, every one in the errors CSV: "
        f"{sorted(r['reported']) == sorted(r['broken'])}** | — | — | — | — "
        f"| {r['faulty_s']:.1f} s | {r['faulty_mb']:.1f} MB |",
        "",
        f"Each round: the registry emptied, a COPY, then the import job, then its"
        f" tasks after the commit (the first round's COPY the median of three before"
        f" and one after the re-import: {', '.join(f'{s:.2f} s' for s in r['baseline'])}). "
        f"Enterprises stored after the three jobs: {r['stored']:,}. Load average "
        f"(1 min) at the start: {r['load_start']:.1f}, at the end: "
        f"{os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores shared with other work.",
        "",
        "Where the first import's time went. The database's side runs on a thread "
        "of its own while the main thread reads and validates the next batch, so "
        "the two overlap; the table gives the wall time of each kind of statement "
        "on the database thread, then the main thread's CPU time:",
        "",
        "| part | seconds | share of the job's wall time |",
        "| --- | --- | --- |",
        *(
            f"| {label} | {seconds:.1f} | {100 * seconds / r['first_s']:.0f}% |"
            for label, seconds in r["breakdown"].items()
            if seconds >= 0.05
        ),
        f"| **all statements (database thread)** | "
        f"{sum(r['breakdown'].values()):.1f} | "
        f"{100 * sum(r['breakdown'].values()) / r['first_s']:.0f}% |",
        f"| reading, validating, hashing rows, writing rejects (main thread CPU, "
        f"overlapped) | {r['first_cpu']:.1f} | {100 * r['first_cpu'] / r['first_s']:.0f}% |",
        "",
        f"After the commit, the task writing the rows' history records (one "
        f"DeferredHistory range a table, recorded in the job's transaction; "
        f"chunks of 20,000 ids, each its table locked against writers only) "
        f"took {r['history_s']:.1f} s, then the task building the secondary "
        f"indexes the first load dropped and left out (every one not unique, no "
        f"key, no constraint, recorded as DeferredIndex rows in the job's "
        f"transaction: {', '.join(r['searches']) or 'none'}; `CREATE INDEX "
        f"CONCURRENTLY`, the tables readable and writable meanwhile) took "
        f"{r['search_s']:.1f} s: all is back {back_s:.1f} s after the job "
        f"started; the reads those indexes serve scan the tables until then.",
        "",
        f"The re-import: {r['again_db']:.1f} s of statements (the staged batches "
        f"compared with the registry, nothing written) and {r['again_cpu']:.1f} s of "
        f"the main thread's CPU, overlapped, in {r['again_s']:.1f} s.",
        "",
        *WHY,
        SECTION_END,
    ]
    from .report import replace_section

    replace_section(output, SECTION_START, SECTION_END, "\n".join(lines))
    print(f"wrote {output} (import section)")
