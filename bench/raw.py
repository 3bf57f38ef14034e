"""The baselines: the same rows fetched with hand-written SQL over one psycopg
connection and serialised with orjson, with no Django in the way."""
# ruff: noqa: DTZ011 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import datetime

import orjson

from cooperatives.rules import first_active_rat_year

ENTERPRISE_PAGE = """
SELECT e.id, e.nib, e.name, e.district_id AS district,
       e.sub_district_id AS sub_district, e.village_id AS village, e.address, e.kbli,
       e.kbli_version, e.business_capital::text AS business_capital,
       e.annual_revenue::text AS annual_revenue, e.employees, e.scale,
       e.scale_override, e.scale_override_reason, e.cooperative_id AS cooperative,
       e.created_at, e.updated_at, e.owner_name,
       p.nik_encrypted AS owner_nik
FROM cooperatives_enterprise e JOIN cooperatives_person p ON p.id = e.owner_id
ORDER BY e.name, e.id LIMIT %(limit)s OFFSET %(offset)s
"""

COOPERATIVE_PAGE = """
WITH page AS (
  SELECT * FROM cooperatives_cooperative
  ORDER BY name, id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT c.id, c.nik, c.name, c.kind, c.form, c.management, c.membership_area,
       cl.code AS cluster, c.sector, c.loop_status, c.district_id AS district,
       c.sub_district_id AS sub_district, c.village_id AS village, c.address, c.postal_code,
       c.legal_entity_number, c.legal_entity_date, c.established_on, c.npwp,
       c.phone, c.email, c.status,
       coalesce(c.last_rat_on >= %(active_from)s, false) AS is_active,
       extract(year FROM c.last_rat_on)::int AS last_rat_year, c.last_rat_on,
       m.total AS member_count, c.created_at, c.updated_at
FROM page c
LEFT JOIN cooperatives_cluster cl ON cl.id = c.cluster_id
LEFT JOIN LATERAL (
  SELECT r.members_male + r.members_female AS total
  FROM cooperatives_annualreport r
  WHERE r.cooperative_id = c.id AND r.status = 'verified'
  ORDER BY r.fiscal_year DESC LIMIT 1
) m ON true
ORDER BY c.name, c.id
"""

STATS = """
WITH coops AS (
  SELECT c.district_id, count(*) AS total,
         count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM cooperatives_annualreport r
           WHERE r.cooperative_id = c.id AND r.status = 'verified'
             AND r.rat_held_on BETWEEN %(start)s AND %(end)s)) AS active
  FROM cooperatives_cooperative c WHERE c.status = 'registered'
  GROUP BY c.district_id
), reports AS (
  SELECT district_id, count(*) AS rat_reported,
         sum(members_male + members_female) AS members,
         sum(members_male) AS members_male, sum(members_female) AS members_female,
         sum(own_capital) AS own_capital, sum(external_capital) AS external_capital,
         sum(assets) AS assets, sum(business_volume) AS business_volume,
         sum(surplus) AS surplus
  FROM cooperatives_annualreport
  WHERE status = 'verified' AND fiscal_year = %(year)s
  GROUP BY district_id
)
SELECT d.code AS district, d.name AS district_name,
       coalesce(c.total, 0) AS total, coalesce(c.active, 0) AS active,
       coalesce(r.rat_reported, 0) AS rat_reported, coalesce(r.members, 0) AS members,
       coalesce(r.members_male, 0) AS members_male,
       coalesce(r.members_female, 0) AS members_female,
       coalesce(r.own_capital, 0) AS own_capital,
       coalesce(r.external_capital, 0) AS external_capital,
       coalesce(r.assets, 0) AS assets,
       coalesce(r.business_volume, 0) AS business_volume,
       coalesce(r.surplus, 0) AS surplus
FROM cooperatives_district d
LEFT JOIN coops c ON c.district_id = d.code
LEFT JOIN reports r ON r.district_id = d.code
ORDER BY d.code
"""

EXPORT_COPY = """
COPY (SELECT nib, name, district_id, kbli, scale, business_capital,
             annual_revenue, employees
      FROM cooperatives_enterprise ORDER BY district_id, id)
TO STDOUT WITH (FORMAT csv, HEADER)
"""


def _page(conn, count_sql: str, page_sql: str, params: dict, row=None) -> bytes:
    from psycopg.rows import dict_row

    count = conn.execute(count_sql).fetchone()[0]
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(page_sql, params).fetchall()
    for item in rows if row else ():
        row(item)
    return orjson.dumps(
        {"count": count, "next": None, "previous": None, "results": rows}
    )


def enterprise_page(conn, page: int, size: int) -> bytes:
    return _page(
        conn,
        "SELECT count(*) FROM cooperatives_enterprise",
        ENTERPRISE_PAGE,
        {"limit": size, "offset": (page - 1) * size},
        _mask_owner_nik,
    )


def _mask_owner_nik(row: dict) -> None:
    # The NIK is stored encrypted: the baseline decrypts and masks it as the API
    # does (the database alone cannot).
    from cooperatives.nik_crypto import decrypt_nik
    from cooperatives.validators import mask_nik

    row["owner_nik"] = mask_nik(decrypt_nik(row["owner_nik"]))


def cooperative_page(conn, page: int, size: int) -> bytes:
    year = datetime.date.today().year
    return _page(
        conn,
        "SELECT count(*) FROM cooperatives_cooperative",
        COOPERATIVE_PAGE,
        {
            "limit": size,
            "offset": (page - 1) * size,
            "active_from": datetime.date(first_active_rat_year(year), 1, 1),
        },
    )


def stats(conn, year: int) -> list[dict]:
    from psycopg.rows import dict_row

    params = {
        "year": year,
        "start": datetime.date(first_active_rat_year(year), 1, 1),
        "end": datetime.date(year, 12, 31),
    }
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(STATS, params).fetchall()


def export_copy(conn, handle) -> int:
    size = 0
    with conn.cursor() as cursor, cursor.copy(EXPORT_COPY) as copy:
        for chunk in copy:
            handle.write(chunk)
            size += len(chunk)
    return size
