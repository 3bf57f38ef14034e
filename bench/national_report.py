"""bench/results-national.md from the national experiment's results (JSON)."""
# ruff: noqa: RUF001 -- multiplication signs

from pathlib import Path

COLUMNS = ("one/plain", "one/partitioned", "ten/plain", "ten/partitioned")


def _ms(entry: dict | None, metric: str = "whole") -> str:
    if not entry or metric not in entry:
        return "—"
    return f"{entry[metric]:,.1f}"


def _ratio(a: dict | None, b: dict | None, metric: str = "whole") -> str:
    if not a or not b or metric not in a or metric not in b or not a[metric]:
        return "—"
    return f"{b[metric] / a[metric]:.2f}×"


def _rows(results: dict) -> list[tuple[str, str]]:
    """(label, metric) for every page, the export twice (first rows, whole)."""
    labels = []
    for key in COLUMNS:
        for label, entry in results.get(key, {}).get("pages", {}).items():
            for metric in ("first", "whole"):
                if metric in entry and (label, metric) not in labels:
                    labels.append((label, metric))
    return labels


def figures_table(results: dict) -> list[str]:
    sizes = [f"{results[k]['rows']:,}" if k in results else "—" for k in COLUMNS]
    lines = [
        f"| page (median ms) | {sizes[0]} | {sizes[0]} partitioned | {sizes[2]} | "
        f"{sizes[2]} partitioned | ×10 rows, plain | ×10 rows, partitioned | "
        "partitioned ÷ plain at ×10 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, metric in _rows(results):
        entries = [results.get(k, {}).get("pages", {}).get(label) for k in COLUMNS]
        name = label + (" — first rows" if metric == "first" else "")
        lines.append(
            f"| {name} | "
            + " | ".join(_ms(e, metric) for e in entries)
            + f" | {_ratio(entries[0], entries[2], metric)}"
            + f" | {_ratio(entries[1], entries[3], metric)}"
            + f" | {_ratio(entries[2], entries[3], metric)} |"
        )
    return lines


def _jit(plan: dict) -> str:
    return f" ({plan['jit']:,.0f})" if plan.get("jit") else ""


def explain_table(results: dict) -> list[str]:
    lines = [
        "| run | page | query | ms (JIT) | buffers hit / read | partitions | scans |",
        "| --- | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for key in COLUMNS:
        for label, entry in results.get(key, {}).get("pages", {}).items():
            for plan in entry.get("explain", []):
                sql = plan["sql"].replace("|", "\\|")[:70]
                lines.append(
                    f"| {key} | {label} | `{sql}…` | {plan['ms']:,.1f}"
                    f"{_jit(plan)} | "
                    f"{plan['hit']:,} / {plan['read']:,} | {plan['partitions']} | "
                    f"{'; '.join(plan['scans'])} |"
                )
    return lines


def write(results: dict, output: Path) -> None:
    loads = []
    for key in COLUMNS:
        if key in results:
            before, after = results[key]["load"]
            loads.append(
                f"- {key}: {results[key]['at']}, {results[key]['rounds']} rounds, "
                f"district {results[key]['district_rows']:,} rows; load average "
                f"{before[0]:.2f} / {before[1]:.2f} before, {after[0]:.2f} / "
                f"{after[1]:.2f} after (1 / 5 min)"
            )
    text = [
        "# National experiment (bench/national.py)",
        "",
        "`python -m bench.national`: the pages at one province (344,581 enterprises)",
        "and ten (3,445,810), on the table as it is and on a copy partitioned by",
        "province. Median of the rounds, in-process (Django test Client). See",
        'docs/scaling.md, "National plan".',
        "",
        *figures_table(results),
        "",
        "Runs:",
        "",
        *loads,
        "",
        "## EXPLAIN (ANALYZE, BUFFERS) of the enterprise queries",
        "",
        *explain_table(results),
        "",
    ]
    output.write_text("\n".join(text))
