"""EXPLAIN of the queries the main API lists run, on enough rows that a missing
index would show (bulk-created once for the module, committed and VACUUM ANALYZEd
like a live table, sequential scans left enabled): no Seq Scan on a big table for
a page, its rows, a district's count or a name search, and a derived field's
subquery run for the page's rows only (SPEC 4: subplan loops ≤ page size + 1)."""

import json
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import AnnualReport, Cooperative, Enterprise, Person

pytestmark = pytest.mark.django_db

PAGE = 100
BIG_TABLES = {
    "cooperatives_cooperative",
    "cooperatives_enterprise",
    "cooperatives_annualreport",
    "cooperatives_person",
}
WORDS = ["Maju", "Sejahtera", "Mandiri", "Berkah", "Makmur", "Sentosa", "Jaya"]
DISTRICTS = ["64.01", "64.02", "64.03", "64.71", "64.72", "64.74"]


def _name(rng, prefix: str) -> str:
    return f"{prefix} {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.randrange(10**6)}"


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """Committed for the module (a plan needs the visibility map and statistics
    only VACUUM ANALYZE outside a transaction gives); deleted again at the end."""
    with django_db_blocker.unblock():
        _create()
        with connection.cursor() as cursor:
            for table in BIG_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
        yield
        with connection.cursor() as cursor:  # SQL: no history rows for a cleanup
            for table in [
                "cooperatives_enterprise",
                "cooperatives_person",
                "cooperatives_annualreport",
                "cooperatives_cooperative",
            ]:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 -- our names


def _create() -> None:
    """6,000 cooperatives with 24,000 reports, 6,000 enterprises and owners."""
    rng = random.Random(8)
    cooperatives = Cooperative.objects.bulk_create(
        Cooperative(
            name=_name(rng, "Koperasi"),
            kind="consumer",
            district_id=DISTRICTS[i % len(DISTRICTS)],
            legal_entity_number=f"AHU-{i:06d}.AH.01.26",
        )
        for i in range(6000)
    )
    Cooperative.objects.filter(pk=cooperatives[7].pk).update(
        name="Koperasi Produsen Kelapa Sawit Tunasbaru"
    )
    AnnualReport.objects.bulk_create(
        AnnualReport(
            cooperative=cooperative,
            district_id=cooperative.district_id,
            fiscal_year=year,
            status="draft",
            members_male=rng.randrange(200),
        )
        for cooperative in cooperatives
        for year in (2021, 2022, 2023, 2024)
    )
    AnnualReport.objects.filter(fiscal_year=2024).update(status="submitted")
    owners = Person.objects.bulk_create(
        Person(nik=f"6472035{i:09d}", name=_name(rng, "Warga"), sex="male")
        for i in range(6000)
    )
    Enterprise.objects.bulk_create(
        Enterprise(
            name=_name(rng, "Usaha"),
            owner=owner,
            district_id=DISTRICTS[i % len(DISTRICTS)],
            kbli="10794",
            scale="micro",
        )
        for i, owner in enumerate(owners)
    )
    Enterprise.objects.filter(pk=Enterprise.objects.order_by("pk")[11].pk).update(
        name="Warung Soto Banjar Tunasbaru"
    )


# The list's one statement: the whole table's count beside the page's ids.
WHOLE_COUNT = re.compile(
    r'^SELECT \(SELECT count\(\*\) FROM \(SELECT "\w+"\."id" AS "pk" FROM "\w+"\) AS counted\)'
)


def _walk(node: dict, found: dict) -> None:
    if (
        found.get("whole_count")
        and node.get("Parent Relationship") == "InitPlan"
        and node["Node Type"] == "Aggregate"
    ):
        # An unfiltered count reads the whole table whichever the plan (an
        # index-only scan only while VACUUM could mark every page visible,
        # which a transaction open elsewhere in the cluster prevents).
        return
    if node["Node Type"] == "Seq Scan" and node["Relation Name"] in BIG_TABLES:
        found["seq_scans"].append(node["Relation Name"])
    if node.get("Parent Relationship") == "SubPlan":
        found["subplan_loops"] = max(found["subplan_loops"], node["Actual Loops"])
    found["indexes"].add(node.get("Index Name"))
    for child in node.get("Plans", []):
        _walk(child, found)


def _plans(api, path: str) -> list[dict]:
    """Each SELECT on a big table the request ran, with its EXPLAIN ANALYZE."""
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    plans = []
    for query in ctx.captured_queries:
        sql = query["sql"]
        if not sql.startswith("SELECT") or not any(t in sql for t in BIG_TABLES):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        found = {
            "sql": sql,
            "whole_count": bool(WHOLE_COUNT.match(sql)),
            "seq_scans": [],
            "subplan_loops": 0,
            "indexes": set(),
        }
        _walk(plan[0]["Plan"], found)
        plans.append(found)
    return plans


def _without_full_count(plans: list[dict]) -> list[dict]:
    # `count` of a whole table reads all of it whichever the plan; the page does not.
    return [p for p in plans if not p["sql"].startswith("SELECT COUNT(*)")]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/enterprises/?page=20&page_size=100",
        "/api/v1/cooperatives/?page=20&page_size=100",
        "/api/v1/annual-reports/?page=40&page_size=100",
    ],
)
def test_deep_pages_of_the_main_lists_use_indexes(province, staff_api, path):
    plans = _without_full_count(_plans(staff_api, path))

    assert len(plans) >= 2  # the page's ids, then its rows
    for plan in plans:
        assert plan["seq_scans"] == [], plan["sql"]
        assert plan["subplan_loops"] <= PAGE + 1, plan["sql"]


def test_member_count_subquery_runs_for_the_page_only(province, staff_api):
    plans = _plans(staff_api, "/api/v1/cooperatives/?page=20&page_size=100")

    assert max(p["subplan_loops"] for p in plans) == PAGE


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/enterprises/?page=5&page_size=100",
        "/api/v1/cooperatives/?page=3&page_size=100",
    ],
)
def test_district_lists_and_their_counts_use_indexes(province, samarinda_api, path):
    plans = _plans(samarinda_api, path)

    assert any("count(*)" in p["sql"].lower() for p in plans)
    for plan in plans:
        assert plan["seq_scans"] == [], plan["sql"]


def test_name_search_uses_the_trigram_index(province, staff_api):
    path = "/api/v1/enterprises/?search=tunasBARU"

    plans = _plans(staff_api, path)

    names = [r["name"] for r in staff_api.get(path).json()["results"]]
    assert names == ["Warung Soto Banjar Tunasbaru"]
    assert any("ent_name_trgm" in plan["indexes"] for plan in plans)
    for plan in plans:
        assert plan["seq_scans"] == [], plan["sql"]


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (
            lambda: Cooperative.objects.filter(name__icontains="tunasbaru"),
            "coop_name_trgm",
        ),
        (
            lambda: Person.objects.filter(name__icontains="a maju ja"),
            "person_name_trgm",
        ),
    ],
)
def test_icontains_on_a_name_uses_its_trigram_index(province, queryset, index):
    sql, params = queryset().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = {"seq_scans": [], "subplan_loops": 0, "indexes": set()}

    _walk(plan[0]["Plan"], found)

    assert "UPPER(" in sql
    assert found["seq_scans"] == []
    assert index in found["indexes"]
