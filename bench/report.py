"""bench/results.md: the table of bars, the plans of the main lists, and a
paragraph kept by hand (between the NOTES markers, preserved across runs)."""
# ruff: noqa: T201, RUF001, DTZ005 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import datetime
import os
import platform
import re
import statistics
from pathlib import Path

NOTES_START = "<!-- notes: kept across runs -->"
NOTES_END = "<!-- /notes -->"


def _kept_notes(path: Path) -> str:
    if not path.exists():
        return "(write what the numbers say here)"
    match = re.search(
        re.escape(NOTES_START) + r"\n(.*?)\n" + re.escape(NOTES_END),
        path.read_text(),
        re.S,
    )
    return match.group(1) if match else "(write what the numbers say here)"


def _kept_sections(path: Path) -> list[str]:
    """Sections other benchmarks write into the same file between their own
    markers (bench/imports.py's, bench/flat.py's), kept as they are when this one rewrites it."""
    if not path.exists():
        return []
    pattern = r"<!-- (imports|flat): .*?<!-- /\1 -->"
    return [m.group(0) for m in re.finditer(pattern, path.read_text(), re.S)]


def write(args, sizes: dict, bars, memory: dict, plans: list) -> None:
    path = Path(args.output)
    notes = _kept_notes(path)
    kept = _kept_sections(path)
    lines = [
        "# Benchmark results (SPEC section 4)",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, `python -m bench --scale "
        f"{args.scale} --rounds {args.rounds}`, on {os.cpu_count()} cores "
        f"({platform.python_implementation()} {platform.python_version()}); load "
        "average (1/5/15 min) when written: "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        + " (the machine may be shared: ratios are within a round).",
        "",
        f"**Scale: {args.scale}** — "
        + ", ".join(f"{label} {number:,}" for label, number in sizes.items())
        + ".",
        "",
        "Ratio = numerator time / baseline time within one round (both timed "
        "back to back, order alternating per round); median, min and max over the "
        "rounds. Lower is better.",
        "",
        "| bar | numerator | baseline | median ratio | min | max | target | floor "
        "| median times (num / base) | queries per request |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for bar in bars:
        median = statistics.median(bar.ratios)
        lines.append(
            f"| {bar.name} | {bar.numerator} | {bar.baseline} | **{median:.2f}×** "
            f"| {min(bar.ratios):.2f}× | {max(bar.ratios):.2f}× | {bar.target} "
            f"| {bar.floor} | {statistics.median(bar.num_times) * 1000:.1f} ms / "
            f"{statistics.median(bar.base_times) * 1000:.1f} ms | {bar.queries} |"
        )
    if memory:
        lines += ["", "Peak memory growth (tracemalloc, one run):", ""]
        for label, mb in memory.items():
            target = " (target ≤ 16 MB, floor ≤ 50 MB)" if label == "export" else ""
            lines.append(f"- {label}: {mb:.1f} MB{target}")
    lines += [
        "",
        "HTTP list, export over HTTP, export memory at 1M rows, reminders and the "
        "query counts of lists, changelists and portal pages: see the next section.",
        "",
        "## Plans of the main lists (EXPLAIN ANALYZE)",
        "",
        "| list | query | ms | seq scans | subplan loops | sorts |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for plan in plans:
        lines.append(
            f"| `{plan['list']}` | {plan['kind']} | {plan['ms']:.1f} "
            f"| {'; '.join(plan['seq_scans']) or 'none'} "
            f"| {'; '.join(plan['subplans']) or 'none'} "
            f"| {'; '.join(plan['sorts']) or 'none'} |"
        )
    lines += [
        "",
        "## What the numbers say",
        "",
        NOTES_START,
        notes,
        NOTES_END,
        "",
        *kept,
    ]
    path.write_text("\n".join(lines))
    print(f"wrote {path}")


def replace_section(output: str, start: str, end: str, section: str) -> None:
    """Put `section` (from its `start` marker to its `end` one) in place of the
    one already in the file, or before the notes the first time."""
    path = Path(output)
    text = path.read_text() if path.exists() else ""
    pattern = re.escape(start) + r".*?" + re.escape(end)
    if re.search(pattern, text, re.S):
        text = re.sub(pattern, lambda _m: section, text, flags=re.S)
    else:
        marker = "## What the numbers say"
        text = (
            text.replace(marker, section + "\n\n" + marker, 1)
            if marker in text
            else text + "\n" + section + "\n"
        )
    path.write_text(text)
