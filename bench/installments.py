"""Synthetic financing installments for the 3,000,000 (or 300,000) installment
target, in plain SQL: the demo's disbursed loans are cloned onto enterprises
(application + loan, 48 monthly installments each) with INSERT ... SELECT over
generate_series, so PostgreSQL does the work in a few set-based statements.

The clones are marked by an application number starting `BENCH-` and a
disbursement reference `BENCH-<application id>`; history tables are not filled."""
# ruff: noqa: T201, S608 -- a command-line benchmark: prints, multiplication signs, local time, own SQL

import psycopg

TENOR = 48


def _columns(conn, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


def _clone_sql(conn, table: str, overrides: dict[str, str], source: str) -> str:
    """INSERT INTO table (cols) SELECT <override or t.col> FROM <source>."""
    columns = _columns(conn, table)
    exprs = [overrides.get(col, f"t.{col}") for col in columns]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM {source}"
    )


def seed_installments(url: str, target: int) -> int:
    """Top the installment table up to `target` rows; returns rows added."""
    with psycopg.connect(url) as conn:
        have = conn.execute("SELECT count(*) FROM financing_installment").fetchone()[0]
        if have >= target:
            return 0
        loans = -(-(target - have) // TENOR)
        template = conn.execute(
            "SELECT l.id, a.id FROM financing_loan l "
            "JOIN financing_application a ON a.id = l.application_id "
            "WHERE a.enterprise_id IS NOT NULL ORDER BY l.id LIMIT 1"
        ).fetchone()
        if template is None:
            print("  no demo loan of an enterprise to clone: installments skipped")
            return 0
        loan_id, application_id = template
        start = conn.execute(
            "SELECT count(*) FROM financing_application WHERE number LIKE 'BENCH-%%'"
        ).fetchone()[0]
        conn.execute("SET LOCAL synchronous_commit = off")
        # Applications: one per new loan, on enterprises in id order (cycling).
        conn.execute(
            _clone_sql(
                conn,
                "financing_application",
                {
                    "number": "'BENCH-' || (g.n + %(start)s)",
                    "enterprise_id": "e.id",
                    "cooperative_id": "NULL",
                    "district_id": "e.district_id",
                    "amount": "t.amount",
                },
                "financing_application t "
                "CROSS JOIN generate_series(1, %(loans)s) AS g(n) "
                "JOIN (SELECT id, district_id, row_number() OVER (ORDER BY id) - 1 "
                "      AS rn FROM cooperatives_enterprise) e "
                "  ON e.rn = (g.n + %(start)s) %% "
                "     (SELECT count(*) FROM cooperatives_enterprise) "
                "WHERE t.id = %(application)s",
            ),
            {"start": start, "loans": loans, "application": application_id},
        )
        # Loans: 48 months, principal of the template.
        conn.execute(
            _clone_sql(
                conn,
                "financing_loan",
                {
                    "application_id": "a.id",
                    "disbursement_reference": "'BENCH-' || a.id",
                    "tenor_months": str(TENOR),
                    "outstanding_principal": "t.principal",
                    "closed_on": "NULL",
                    "status": "'active'",
                },
                "financing_loan t CROSS JOIN financing_application a "
                "WHERE t.id = %(loan)s AND a.number LIKE 'BENCH-%%' "
                "AND NOT EXISTS (SELECT 1 FROM financing_loan x "
                "                WHERE x.application_id = a.id)",
            ),
            {"loan": loan_id},
        )
        # Installments: equal principal, monthly from the loan's first due date;
        # those already due are paid on their due date.
        conn.execute(
            "INSERT INTO financing_installment (loan_id, number, due_date, principal,"
            " interest, balance, principal_paid, interest_paid, paid_on) "
            "SELECT l.id, n, d, p, i, greatest(l.principal - p * n, 0),"
            " CASE WHEN d < current_date THEN p ELSE 0 END,"
            " CASE WHEN d < current_date THEN i ELSE 0 END,"
            " CASE WHEN d < current_date THEN d END "
            "FROM financing_loan l "
            "JOIN financing_application a ON a.id = l.application_id "
            "CROSS JOIN generate_series(1, %(tenor)s) AS n "
            "CROSS JOIN LATERAL (SELECT (l.first_due_on + (n - 1) * interval '1 month')"
            "  ::date AS d, round(l.principal / %(tenor)s, 2) AS p,"
            "  round(l.principal * 0.06 / 12, 2) AS i) x "
            "WHERE a.number LIKE 'BENCH-%%' AND NOT EXISTS "
            " (SELECT 1 FROM financing_installment y WHERE y.loan_id = l.id)",
            {"tenor": TENOR},
        )
        conn.commit()
        after = conn.execute("SELECT count(*) FROM financing_installment").fetchone()[0]
    with psycopg.connect(url, autocommit=True) as conn:
        for table in (
            "financing_application",
            "financing_loan",
            "financing_installment",
        ):
            conn.execute(f"VACUUM ANALYZE {table}")
    return after - have
