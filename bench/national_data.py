"""The national experiment's data, made in SQL: enterprises one province at a time
(344,581 each, INSERT … SELECT generate_series), the other provinces' districts,
and a copy of the enterprise table partitioned by province.

Names follow the demo's patterns (demo/registry/shape.py), so a trigram search
for a common word ("jaya") matches about as many rows as it would in the registry.
Owners are the demo's few persons, reused: the person table is not scaled (a list
page looks up 100 owners by primary key, whatever the table's size)."""
# ruff: noqa: T201, S608 -- a command-line benchmark: prints, its own SQL

import time

from demo.registry.shape import (
    EMPLOYEES,
    FEMALE_NAMES,
    KBLI_PLANS,
    MALE_NAMES,
    MALE_SURNAMES,
    POPULATION,
    REVENUE_BANDS,
    STREETS,
    WORDS_A,
    WORDS_B,
)

PER_PROVINCE = 344_581  # UMKM of Kalimantan Timur, 2022 (domain.md section 7)
# Kalimantan Timur first; then nine real province codes, with synthetic districts.
PROVINCES = ["64", "61", "62", "63", "65", "51", "52", "53", "71", "72"]
TABLE = "cooperatives_enterprise"
PART_SCHEMA = "nat_part"
# Scale shares of the demo (micro 90%, small 7%, medium 2%, large 1%).
SCALE_CUTS = (("micro", 0.90), ("small", 0.97), ("medium", 0.99), ("large", 1.0))


def province_districts(province: str) -> list[tuple[str, int]]:
    """(district code, weight): Kalimantan Timur's real districts weighted by
    population; another province's synthetic ones take the same weights in order."""
    kt = sorted(POPULATION.items())
    if province == "64":
        return kt
    return [(f"{province}.{i + 1:02d}", weight) for i, (_c, weight) in enumerate(kt)]


def add_districts(conn, province: str) -> None:
    """The province's synthetic districts and ten kecamatan each (idempotent)."""
    if province == "64":
        return
    for code, _weight in province_districts(province):
        conn.execute(
            "INSERT INTO cooperatives_district (code, bps_code, name, kind, seat) "
            "VALUES (%s, %s, %s, 'regency', '') ON CONFLICT DO NOTHING",
            [code, code.replace(".", ""), f"Kabupaten Sintetis {code}"],
        )
        conn.execute(
            "INSERT INTO cooperatives_subdistrict (code, district_id, name) "
            "SELECT %s || '.' || lpad(k::text, 2, '0'), %s, 'Kecamatan ' || k "
            "FROM generate_series(1, 10) k ON CONFLICT DO NOTHING",
            [code, code],
        )


def _district_case(districts: list[tuple[str, int]]) -> str:
    total = sum(weight for _code, weight in districts)
    cut, parts = 0, []
    for code, weight in districts[:-1]:
        cut += weight
        parts.append(f"WHEN r_d < {cut / total:.6f} THEN '{code}'")
    return f"CASE {' '.join(parts)} ELSE '{districts[-1][0]}' END"


def _band_case(bands: dict, expression: str) -> str:
    parts = [
        f"WHEN '{scale}' THEN {expression.format(lo=lo, hi=hi)}"
        for scale, (lo, hi) in bands.items()
    ]
    return f"CASE scale {' '.join(parts)} END"


def _patterns() -> tuple[list[str], list[str]]:
    kblis, patterns = [], []
    for kbli, (weight, names) in KBLI_PLANS.items():
        for name in names:
            kblis += [kbli] * weight
            patterns += [name] * weight
    return kblis, patterns


def insert_province(conn, province: str, first: int, rows: int) -> None:
    """`rows` enterprises in `province`, numbered from `first` (NIB 8…)."""
    kblis, patterns = _patterns()
    scale = " ".join(f"WHEN r_sc < {cut} THEN '{name}'" for name, cut in SCALE_CUTS)
    revenue = _band_case(
        {s: REVENUE_BANDS[s] for s, _c in SCALE_CUTS},
        "round(exp(ln({lo}) + r_v * (ln({hi}) - ln({lo})))::numeric, -3)",
    )
    employees = _band_case(
        {s: EMPLOYEES[s] for s, _c in SCALE_CUTS},
        "{lo} + floor(r_v * ({hi} - {lo} + 1))::int",
    )
    sql = f"""
    INSERT INTO {TABLE} (nib, name, owner_id, owner_name, district_id,
        sub_district_id, village_name, address, kbli, kbli_version,
        business_capital, annual_revenue, employees, scale, scale_override,
        scale_override_reason, status, created_at, updated_at)
    SELECT '8' || lpad(n::text, 12, '0'),
        CASE WHEN scale IN ('medium', 'large')
            THEN (CASE WHEN r_w1 < 0.5 THEN 'PT ' ELSE 'CV ' END) || w
            ELSE replace(replace(pattern, '{{w}}', w), '{{o}}', o) END,
        (%(owners)s::bigint[])[1 + n %% cardinality(%(owners)s::bigint[])],
        o || ' ' || (%(surnames)s::text[])[1 + (n / 7) %% cardinality(%(surnames)s::text[])],
        district,
        subs.codes[1 + floor(r_sub * cardinality(subs.codes))::int],
        '', 'Jl. ' || (%(streets)s::text[])[1 + n %% cardinality(%(streets)s::text[])]
            || ' No. ' || (1 + n %% 200),
        kbli, 2020, round((revenue * (0.1 + 0.5 * r_w2))::numeric, 2), revenue, employees,
        scale, '', '', 'verified',
        now() - r_v * interval '1500 days', now()
    FROM (
        SELECT n, r_w1, r_w2, r_o, r_sub, r_v, scale, district,
            (%(kblis)s::text[])[1 + floor(r_k * cardinality(%(kblis)s::text[]))::int]
                AS kbli,
            (%(patterns)s::text[])[1 + floor(r_k * cardinality(%(kblis)s::text[]))::int]
                AS pattern,
            (%(words_a)s::text[])[1 + floor(r_w1 * cardinality(%(words_a)s::text[]))::int]
                || ' ' ||
            (%(words_b)s::text[])[1 + floor(r_w2 * cardinality(%(words_b)s::text[]))::int]
                AS w,
            (%(given)s::text[])[1 + floor(r_o * cardinality(%(given)s::text[]))::int]
                AS o,
            {revenue} AS revenue, {employees} AS employees
        FROM (
            SELECT n, r_w1, r_w2, r_o, r_sub, r_v, r_k,
                {_district_case(province_districts(province))} AS district,
                CASE {scale} END AS scale
            FROM (
                SELECT n, random() AS r_d, random() AS r_sc, random() AS r_k,
                    random() AS r_w1, random() AS r_w2, random() AS r_o,
                    random() AS r_sub, random() AS r_v
                FROM generate_series(%(first)s, %(last)s) AS n
            ) AS draws
        ) AS drawn
    ) AS g
    JOIN (SELECT district_id, array_agg(code ORDER BY code) AS codes
          FROM cooperatives_subdistrict GROUP BY district_id) AS subs
      ON subs.district_id = g.district
    """
    owners = [row[0] for row in conn.execute("SELECT id FROM cooperatives_person")]
    conn.execute(
        sql,
        {
            "owners": owners,
            "surnames": MALE_SURNAMES,
            "streets": STREETS,
            "kblis": kblis,
            "patterns": patterns,
            "words_a": WORDS_A,
            "words_b": WORDS_B,
            "given": MALE_NAMES + FEMALE_NAMES,
            "first": first,
            "last": first + rows - 1,
        },
    )


def secondary_indexes(conn, schema: str = "public") -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that back no constraint."""
    return conn.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace s ON s.oid = t.relnamespace "
        "WHERE t.relname = %s AND s.nspname = %s AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "ORDER BY i.relname",
        [TABLE, schema],
    ).fetchall()


def grow(conn, provinces: list[str]) -> float:
    """Add PER_PROVINCE enterprises for each province (Kalimantan Timur's count
    includes the demo's own), with the secondary indexes dropped during the load
    and built again after, and the foreign-key triggers off (the rows are valid by
    construction). Returns the seconds taken."""
    started = time.perf_counter()
    # Kept in a table, so a load that fails half-way still builds them again.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS nat_indexes (name text PRIMARY KEY, sql text)"
    )
    conn.execute(
        "INSERT INTO nat_indexes SELECT * FROM unnest(%s::text[], %s::text[]) "
        "ON CONFLICT DO NOTHING",
        [list(column) for column in zip(*secondary_indexes(conn), strict=True)],
    )
    indexes = conn.execute("SELECT name, sql FROM nat_indexes").fetchall()
    conn.execute("SET session_replication_role = replica")
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute("SELECT setseed(0.2026)")
    for name, _definition in indexes:
        conn.execute(f'DROP INDEX IF EXISTS "{name}"')
    for province in provinces:
        add_districts(conn, province)
        existing = conn.execute(
            f"SELECT count(*) FROM {TABLE} WHERE district_id LIKE %s",
            [province + ".%"],
        ).fetchone()[0]
        first = 1 + PROVINCES.index(province) * PER_PROVINCE
        t = time.perf_counter()
        insert_province(conn, province, first, PER_PROVINCE - existing)
        print(
            f"  province {province}: +{PER_PROVINCE - existing:,} rows "
            f"in {time.perf_counter() - t:.0f} s",
            flush=True,
        )
    for name, definition in indexes:
        t = time.perf_counter()
        conn.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
        print(f"  index {name}: {time.perf_counter() - t:.0f} s", flush=True)
    conn.execute("SET session_replication_role = origin")
    ready_indexes(conn)
    conn.execute(f"VACUUM ANALYZE {TABLE}")
    return time.perf_counter() - started


def ready_indexes(conn) -> None:
    """Let the planner use the indexes just built. An index built over a table
    with HOT-updated rows (the demo's own) is flagged `indcheckxmin` and ignored
    by every snapshot whose xmin predates the build — and a snapshot's xmin is the
    oldest transaction of the whole cluster, so another database's long
    transaction (other benchmarks share this server) hides the index for as long
    as it runs. No snapshot of this database predates the build, so the flag is
    cleared, as PostgreSQL itself would once those transactions end."""
    conn.execute(
        "UPDATE pg_index SET indcheckxmin = false WHERE indrelid = %s::regclass",
        [TABLE],
    )


def build_partitioned(conn) -> float:
    """`nat_part.cooperatives_enterprise`: the same rows, partitioned by RANGE of
    district code, one partition per province ('64' ≤ '64.72' < '65'), the primary
    key and NIB's uniqueness widened by the partition key (PostgreSQL requires it),
    and every secondary index of the original. A session whose search_path starts
    with nat_part reads it through the same SQL the ORM writes."""
    started = time.perf_counter()
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute(f"DROP SCHEMA IF EXISTS {PART_SCHEMA} CASCADE")
    conn.execute(f"CREATE SCHEMA {PART_SCHEMA}")
    parent = f"{PART_SCHEMA}.{TABLE}"
    conn.execute(
        f"CREATE TABLE {parent} (LIKE public.{TABLE} INCLUDING DEFAULTS "
        "INCLUDING CONSTRAINTS) PARTITION BY RANGE (district_id)"
    )
    for province in PROVINCES:
        conn.execute(
            f"CREATE TABLE {PART_SCHEMA}.ent_p{province} PARTITION OF {parent} "
            f"FOR VALUES FROM ('{province}') TO ('{int(province) + 1}')"
        )
    conn.execute(f"INSERT INTO {parent} SELECT * FROM public.{TABLE}")
    conn.execute(f"ALTER TABLE {parent} ADD PRIMARY KEY (id, district_id)")
    conn.execute(f"ALTER TABLE {parent} ADD UNIQUE (nib, district_id)")
    for _name, definition in secondary_indexes(conn):
        conn.execute(definition.replace(f" ON public.{TABLE} ", f" ON {parent} "))
    conn.execute(f"VACUUM ANALYZE {parent}")
    for province in PROVINCES:
        conn.execute(f"VACUUM ANALYZE {PART_SCHEMA}.ent_p{province}")
    return time.perf_counter() - started
