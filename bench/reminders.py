"""The reminders bar: 100,000 installment reminders (10,000 at tenth scale) fanned
out by the production path — batches of (installment, recipient) pairs from
`reminders.installment_reminder_batches`, one `installment_remind_batch_task` each,
on the `reminders` queue — to a real Celery worker (2 processes), against a no-op
task fanned out the same way (same batches, same queue, same worker). Throughput
ratio = no-op time / reminder time. Then the once-only records are counted: one
Notification carrying its key (the `notifications_sentreminder` view) per
(installment, officer), no duplicates.

The data: bench installments moved to a far-future due date (DAY + 3, so nothing
else is in the reminder window) and one officer account per sponsoring cooperative
(`bench.officer.<person id>`, no email address)."""
# ruff: noqa: T201, RUF001, S608 -- a command-line benchmark: prints, multiplication signs, subprocesses, own SQL

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DAY = datetime.date(2100, 1, 1)
DUE = DAY + datetime.timedelta(days=3)  # stage "due-7"
TIMEOUT = 1200

SPONSOR = """
FROM financing_installment i
JOIN financing_loan l ON l.id = i.loan_id
JOIN financing_application a ON a.id = l.application_id
LEFT JOIN cooperatives_enterprise e ON e.id = a.enterprise_id
JOIN cooperatives_cooperativerole r
  ON r.cooperative_id = coalesce(a.cooperative_id, e.cooperative_id)
 AND r.role = 'officer' AND r.starts_on <= %(day)s
 AND (r.ends_on IS NULL OR r.ends_on >= %(day)s)
JOIN cooperatives_person p ON p.id = r.person_id
"""

OFFICER_ACCOUNTS = """
WITH pick AS (
  SELECT DISTINCT ON (r.cooperative_id) r.person_id
  FROM cooperatives_cooperativerole r
  JOIN cooperatives_person p ON p.id = r.person_id
  WHERE r.role = 'officer' AND r.starts_on <= %(day)s AND r.ends_on IS NULL
    AND p.user_id IS NULL
    AND NOT EXISTS (
      SELECT 1 FROM cooperatives_cooperativerole r2
      JOIN cooperatives_person p2 ON p2.id = r2.person_id
      WHERE r2.cooperative_id = r.cooperative_id AND r2.role = 'officer'
        AND p2.user_id IS NOT NULL)
  ORDER BY r.cooperative_id, r.person_id
), made AS (
  INSERT INTO accounts_user (password, is_superuser, username, first_name,
    last_name, email, is_staff, is_active, date_joined, role)
  SELECT '!', false, 'bench.officer.' || person_id, '', '', '', false, true,
    now(), 'officer'
  FROM (SELECT DISTINCT person_id FROM pick) people
  ON CONFLICT (username) DO NOTHING
  RETURNING id, username
)
UPDATE cooperatives_person p SET user_id = made.id
FROM made WHERE made.username = 'bench.officer.' || p.id
"""

MOVE_DUE_DATES = f"""
UPDATE financing_installment SET due_date = %(due)s
WHERE id IN (
  SELECT DISTINCT i.id {SPONSOR}
  WHERE i.paid_on IS NULL AND i.due_date <> %(due)s AND p.user_id IS NOT NULL
  ORDER BY i.id LIMIT %(missing)s)
"""

EXPECTED = f"""
SELECT count(DISTINCT (i.id, p.user_id)) {SPONSOR}
JOIN accounts_user u ON u.id = p.user_id AND u.is_active
WHERE i.paid_on IS NULL AND i.due_date = %(due)s
"""

RESET = """
DELETE FROM notifications_sentreminder WHERE kind = 'installment_due';
DELETE FROM notifications_notification WHERE kind = 'installment_due';
"""


def prepare(conn, target: int) -> tuple[int, int]:
    """(installments in the window, reminders expected), set up once per scale."""
    params = {"day": DAY, "due": DUE}
    conn.execute(OFFICER_ACCOUNTS, params)
    # Autovacuum may be off here (production keeps it on): fresh statistics for
    # the accounts just made, or the planner misjudges the officer join, and the
    # visibility map autovacuum would set, for the index-only reads of the
    # people with an account, the applications and the enterprises.
    conn.execute("ANALYZE accounts_user")
    for table in (
        "cooperatives_person",
        "financing_application",
        "cooperatives_enterprise",
    ):
        conn.execute(f"VACUUM ANALYZE {table}")
    have = conn.execute(
        "SELECT count(*) FROM financing_installment "
        "WHERE paid_on IS NULL AND due_date = %(due)s",
        params,
    ).fetchone()[0]
    if have < target:
        conn.execute(MOVE_DUE_DATES, {**params, "missing": target - have})
        conn.execute("ANALYZE financing_installment")
    installments = conn.execute(
        "SELECT count(*) FROM financing_installment "
        "WHERE paid_on IS NULL AND due_date = %(due)s",
        params,
    ).fetchone()[0]
    return installments, conn.execute(EXPECTED, params).fetchone()[0]


def _worker():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "kukm_portal", "worker",
            "-Q", "reminders", "-c", "2", "-I", "bench.noop",
            "--without-mingle", "--without-gossip", "--without-heartbeat",
            "-l", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"reminders bar: timed out waiting for {what}")
        time.sleep(0.1)


def _batches() -> list[list[list[int]]]:
    from financing import reminders

    return list(reminders.installment_reminder_batches(today=DAY))


def reminders_bar(url: str, sizes: dict, rounds: int = 3) -> dict:
    import redis
    from django.conf import settings

    from financing.tasks import installment_remind_batch_task
    from kukm_portal.celery import app

    from .noop import COUNTER, noop_batch

    target = 100_000 if sizes["installments"] >= 1_000_000 else 10_000
    conn = psycopg.connect(url, autocommit=True)
    installments, expected = prepare(conn, target)
    print(f"reminders: {installments:,} installments, {expected:,} reminders")
    counter = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    sent_sql = (
        "SELECT count(*) FROM notifications_sentreminder WHERE kind = 'installment_due'"
    )

    batch_counts = []

    def noop_fan_out() -> float:
        counter.set(COUNTER, 0)
        started = time.perf_counter()
        batches = _batches()
        batch_counts.append(len(batches))
        for pairs in batches:
            noop_batch.apply_async((pairs, DAY.isoformat()), queue="reminders")
        _wait(lambda: int(counter.get(COUNTER) or 0) == len(batches), "the no-ops")
        return time.perf_counter() - started

    def reminder_fan_out() -> float:
        conn.execute(RESET)
        # The deleted rows of the previous round, gone before this one.
        conn.execute("VACUUM ANALYZE notifications_notification")
        started = time.perf_counter()
        for pairs in _batches():  # what installment_remind_task does, for DAY
            installment_remind_batch_task.delay(pairs, DAY.isoformat())
        _wait(lambda: conn.execute(sent_sql).fetchone()[0] >= expected, "the reminders")
        return time.perf_counter() - started

    app.control.purge()
    worker = _worker()
    bases, nums = [], []
    try:
        # Warm the worker up (imports, connections) with one no-op.
        counter.set(COUNTER, 0)
        noop_batch.apply_async(([], DAY.isoformat()), queue="reminders")
        _wait(lambda: int(counter.get(COUNTER) or 0) == 1, "the worker")
        for round_ in range(rounds):  # interleaved, the order alternating
            if round_ % 2 == 0:
                bases.append(noop_fan_out())
                nums.append(reminder_fan_out())
            else:
                nums.append(reminder_fan_out())
                bases.append(noop_fan_out())
            print(
                f"reminders round {round_ + 1}/{rounds}: {nums[-1]:.2f} s, "
                f"no-op {bases[-1]:.2f} s, ratio {bases[-1] / nums[-1]:.2f}",
                flush=True,
            )
        time.sleep(2)  # let a duplicate, if one were coming, land
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    num, base = statistics.median(nums), statistics.median(bases)
    sent, distinct, notes = conn.execute(
        "SELECT count(*), count(DISTINCT (object_ref, period, user_id)), "
        "count(notification_id) FROM notifications_sentreminder "
        "WHERE kind = 'installment_due'"
    ).fetchone()
    notifications = conn.execute(
        "SELECT count(*) FROM notifications_notification WHERE kind = 'installment_due'"
    ).fetchone()[0]
    conn.close()
    duplicates = sent - distinct + (notifications - notes)
    print(
        f"reminders: {sent:,} sent of {expected:,} in {num:.1f} s; no-op "
        f"{base:.2f} s; duplicates {duplicates}"
    )
    return {
        "name": "reminders",
        "numerator": f"{installments:,} installments due → {sent:,} reminders "
        f"(one keyed Notification each) in {batch_counts[-1]} batch tasks, "
        "1 Celery worker × 2 processes on the `reminders` queue; "
        f"**{duplicates} duplicates** ({sent:,} records, {distinct:,} distinct, "
        f"{notifications:,} notifications)",
        "baseline": "bench.noop_batch: the same batches to the same queue and worker",
        "ratios": [b / n for b, n in zip(bases, nums, strict=True)],
        "times": (installments / num, installments / base),
        "target": "≥ 0.25 (of the no-op's throughput), zero duplicates",
        "floor": "",
        "lower_is_better": False,
        "unit": "installments/s",
    }
