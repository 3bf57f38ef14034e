"""The pages the national experiment times, through the real code paths: the API
(in-process, a staff token and a district token), the CSV export, the dashboard
(signed in). "partitioned" reads the copy in schema nat_part by putting it first
on the connection's search_path: the SQL is the ORM's own, unchanged."""
# ruff: noqa: T201 -- a command-line benchmark: prints

import datetime
import json
import os
import statistics
import time

from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .national_data import PART_SCHEMA, TABLE

_search_path = {"value": None}
DISTRICT = "64.72"


def _on_connect(sender, connection, **kwargs):
    if _search_path["value"]:
        with connection.cursor() as cursor:
            cursor.execute(f"SET search_path TO {_search_path['value']}")


connection_created.connect(_on_connect)


def use(variant: str) -> None:
    """Reconnect with the variant's search_path."""
    connection.close()
    _search_path["value"] = (
        f"{PART_SCHEMA}, public" if variant == "partitioned" else None
    )
    connection.ensure_connection()


def _clients(district: str) -> dict[str, Client]:
    from accounts.models import User
    from accounts.tokens import api_token_issue

    stamp = f"{datetime.datetime.now(tz=datetime.UTC):%Y%m%d%H%M%S%f}"
    clients = {}
    for who, code in (("staff", None), ("district", district)):
        _token, key = api_token_issue(name=f"nat {who} {stamp}", district_code=code)
        clients[f"{who} api"] = Client(HTTP_AUTHORIZATION=f"Token {key}")
    for who, username in (("staff", "staf.demo"), ("district", "dinas.samarinda")):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[f"{who} web"] = client
    return clients


def cases(district: str, rows_in_district: int) -> list[tuple[str, str, object]]:
    """(label, client, path). Deep pages sit at the same offset at both sizes."""
    year = datetime.datetime.now(tz=datetime.UTC).year - 1
    api = "/api/v1/enterprises/"
    deep_district = max(1, min(100, rows_in_district // 100))
    return [
        ("national: list, page 1", "staff api", f"{api}?page=1&page_size=100"),
        ("national: list, page 1000", "staff api", f"{api}?page=1000&page_size=100"),
        ("national: search 'jaya'", "staff api", f"{api}?search=jaya&page_size=100"),
        (
            f"national: ?district={district}",
            "staff api",
            f"{api}?district={district}&page_size=100",
        ),
        (
            "national: statistics (cooperatives)",
            "staff api",
            f"/api/v1/statistics/cooperatives/?year={year}",
        ),
        (
            f"national: export ?district={district}",
            "staff api",
            f"{api}export.csv?district={district}",
        ),
        ("national: dashboard", "staff web", "/dashboard/"),
        ("district: list, page 1", "district api", f"{api}?page=1&page_size=100"),
        (
            f"district: list, page {deep_district}",
            "district api",
            f"{api}?page={deep_district}&page_size=100",
        ),
        ("district: search 'jaya'", "district api", f"{api}?search=jaya&page_size=100"),
        ("district: export", "district api", f"{api}export.csv"),
        ("district: dashboard", "district web", "/dashboard/"),
    ]


def province_queries(province: str = "64") -> list[tuple[str, str, object]]:
    """What a province-scoped selector would run (no page has that scope yet): its
    count and first page by name, the province named by a range of district codes
    (which prunes to one partition) or by a prefix (LIKE, which does not)."""
    from cooperatives.models import Enterprise

    upper = str(int(province) + 1)
    in_range = Enterprise.objects.filter(
        district_id__gte=province, district_id__lt=upper
    )
    by_prefix = Enterprise.objects.filter(district__code__startswith=province + ".")
    from cooperatives.selectors import enterprise_page_rows

    ids = list(
        Enterprise.objects.filter(district_id=DISTRICT)
        .order_by("name", "id")
        .values_list("pk", flat=True)[:100]
    )
    return [
        (
            "district page's 100 rows by id (as the API reads them)",
            "orm",
            lambda: list(enterprise_page_rows(ids).values("id", "name")),
        ),
        (
            "district page's 100 rows by id, district named",
            "orm",
            lambda: list(
                enterprise_page_rows(ids)
                .filter(district_id=DISTRICT)
                .values("id", "name")
            ),
        ),
        (
            f"province {province}: count, district_id range",
            "orm",
            lambda: in_range.count(),
        ),
        (
            f"province {province}: count, district_id LIKE '{province}.%'",
            "orm",
            lambda: by_prefix.count(),
        ),
        (
            f"province {province}: page 1 by name, district_id range",
            "orm",
            lambda: list(
                in_range.order_by("name", "id").values_list("pk", flat=True)[:100]
            ),
        ),
    ]


def _get(client: Client | None, path) -> dict[str, float]:
    """Seconds to the whole response; for a stream also to its first rows. A
    callable path is a query run through the ORM."""
    started = time.perf_counter()
    if callable(path):
        path()
        return {"whole": time.perf_counter() - started}
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.content[:300]}")
    if not response.streaming:
        return {"whole": time.perf_counter() - started}
    chunks = iter(response.streaming_content)
    next(chunks)  # BOM and header: written before the query starts
    next(chunks, None)
    first = time.perf_counter() - started
    size = sum(len(chunk) for chunk in chunks)
    response.close()
    return {"first": first, "whole": time.perf_counter() - started, "bytes": size}


def _plan_summary(plan: dict) -> dict:
    partitions, scans = set(), []

    def walk(node):
        relation = node.get("Relation Name")
        if relation and relation.startswith("ent_p"):
            partitions.add(relation)
        if node.get("Node Type", "").endswith("Scan") and relation:
            scans.append(f"{node['Node Type']} {node.get('Index Name', relation)}")
        for child in node.get("Plans", []):
            walk(child)

    top = plan["Plan"]
    walk(top)
    return {
        "ms": round(plan["Execution Time"], 1),
        "hit": top.get("Shared Hit Blocks", 0),
        "read": top.get("Shared Read Blocks", 0),
        "partitions": len(partitions),
        "jit": round(plan.get("JIT", {}).get("Timing", {}).get("Total", 0), 1),
        "scans": sorted(set(scans))[:6],
    }


def _copy_selects(client: Client, path: str) -> list[str]:
    """The SELECT inside the export's COPY (a raw cursor, which Django's query
    capture does not see), recorded on its way to the stream."""
    from cooperatives import exports

    seen, original = [], exports.copy_csv_stream

    def recording(sql, params, **kwargs):
        seen.append(connection.ops.compose_sql(sql, params))
        return original(sql, params, **kwargs)

    exports.copy_csv_stream = recording
    try:
        _get(client, path)
    finally:
        exports.copy_csv_stream = original
    return seen


def explain(client: Client, path: str) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of each SELECT on the enterprise table the page
    ran, the export's included."""
    with CaptureQueriesContext(connection) as ctx:
        _get(client, path)
    sqls = [query["sql"] for query in ctx.captured_queries]
    if isinstance(path, str) and "export.csv" in path:
        sqls += _copy_selects(client, path)
    found = []
    for sql in sqls:
        if not sql.lstrip().upper().startswith("SELECT") or TABLE not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        summary = _plan_summary(plan[0])
        summary["sql"] = sql[:160]
        found.append(summary)
    return found


def measure(variant: str, rounds: int, rows: int, district: str) -> dict:
    from cooperatives.models import Enterprise

    use(variant)
    in_district = Enterprise.objects.filter(district=district).count()
    clients = _clients(district)
    plan = cases(district, in_district) + province_queries()
    clients["orm"] = None
    times = {label: {} for label, _c, _p in plan}
    load_before = os.getloadavg()
    for _label, who, path in plan:  # warm up (the first request stamps the token)
        _get(clients[who], path)
    for round_ in range(rounds):
        order = plan if round_ % 2 == 0 else plan[::-1]
        for label, who, path in order:
            for metric, value in _get(clients[who], path).items():
                times[label].setdefault(metric, []).append(value)
        print(f"  round {round_ + 1}/{rounds}", flush=True)
    results = {}
    for label, who, path in plan:
        entry = {
            "path": path if isinstance(path, str) else "(ORM)",
            "who": who,
            **{
                metric: statistics.median(values) * (1 if metric == "bytes" else 1000)
                for metric, values in times[label].items()
            },
            "explain": explain(clients[who], path),
        }
        results[label] = entry
        print(
            f"  {label:42} {entry['whole']:9.1f} ms"
            + (f" (first rows {entry['first']:.1f} ms)" if "first" in entry else ""),
            flush=True,
        )
    connection.close()
    _search_path["value"] = None
    return {
        "pages": results,
        "district_rows": in_district,
        "load": [load_before, os.getloadavg()],
        "rounds": rounds,
        "at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
    }
