"""EXPLAIN ANALYZE of the SQL the main API lists run: sequential scans, subplan
loops (SPEC 4: a derived field's subquery runs for the page's rows only, at most
page size + 1 loops), and execution time."""
# ruff: noqa: T201 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

LISTS = {
    "enterprises": "/api/v1/enterprises/?page={page}&page_size=100",
    "cooperatives": "/api/v1/cooperatives/?page={page}&page_size=100",
    "annual reports": "/api/v1/annual-reports/?page={page}&page_size=100",
    "enterprise search": "/api/v1/enterprises/?search=jaya&page={page}",
}
BIG_TABLES = {
    "cooperatives_cooperative",
    "cooperatives_enterprise",
    "cooperatives_annualreport",
    "cooperatives_person",
    "financing_installment",
}


def _walk(node, found, parent_is_subplan=False):
    kind = node.get("Node Type")
    loops = node.get("Actual Loops", 0)
    if kind == "Seq Scan":
        found["seq_scans"].append(
            f"{node['Relation Name']} (rows {node.get('Actual Rows', 0) * loops:,}"
            f", loops {loops})"
        )
    relationship = node.get("Parent Relationship")
    if relationship in ("SubPlan", "InitPlan"):
        found["subplans"].append(
            f"{node.get('Subplan Name', relationship)}: {kind}, loops {loops:,}"
        )
    if kind in ("Sort", "Incremental Sort"):
        found["sorts"].append(
            f"{node.get('Sort Method', '?')} on {', '.join(node.get('Sort Key', []))}"
        )
    for child in node.get("Plans", []):
        _walk(child, found)


def analyse(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    found = {"seq_scans": [], "subplans": [], "sorts": []}
    _walk(plan[0]["Plan"], found)
    found["ms"] = plan[0]["Execution Time"]
    return found


def main_lists(client, pages: dict | None = None) -> list[dict]:
    """For each main list: each SELECT it ran that touches a big table."""
    from cooperatives.models import AnnualReport, Cooperative, Enterprise

    from .bars import _page_within

    pages = pages or {
        "enterprises": _page_within(50, Enterprise.objects.count()),
        "cooperatives": _page_within(20, Cooperative.objects.count()),
        "annual reports": _page_within(20, AnnualReport.objects.count()),
        "enterprise search": 1,
    }
    results = []
    for name, template in LISTS.items():
        path = template.format(page=pages[name])
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(table in sql for table in BIG_TABLES):
                continue
            found = analyse(sql)
            found["list"] = path
            found["sql"] = sql
            found["kind"] = "count" if "COUNT(*)" in sql.upper() else "page"
            results.append(found)
            print(
                f"EXPLAIN {path} [{found['kind']}] {found['ms']:.1f} ms; seq scans: "
                f"{found['seq_scans'] or 'none'}; subplans: "
                f"{found['subplans'] or 'none'}; sorts: {found['sorts'] or 'none'}",
                flush=True,
            )
    return results
