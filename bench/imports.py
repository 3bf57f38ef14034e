"""`python -m bench.imports [--rows N] [--output bench/results.md]`: the bulk
import bar of issue 17 (item 4), on a database of its own (`<BENCH_DB>_import`,
emptied of enterprises and people at the start).

One CSV of N enterprises with their owners' NIKs (generated, all valid) is
loaded twice in the same run:

- baseline: PostgreSQL `COPY … FROM STDIN (FORMAT csv)` of the file into an
  unlogged staging table of text columns (median of three);
- numerator: the import job's service (`services.imports.import_run`, what the
  Celery task calls), from the stored upload to the committed rows: parsing,
  validating every row as the API does, hashing and encrypting every NIK,
  upserting enterprises and owners (a first load's history records are
  written after its commit, by a task: timed after the job, with the indexes).

Then the same file again (must create and update nothing), and the file with 1%
of its rows broken (every one must be reported). Peak memory growth is the
process's resident peak (VmHWM, reset before the job) minus its size before."""
# ruff: noqa: T201 -- a command-line benchmark: prints, multiplication signs, own SQL, local time

import argparse
import base64
import csv
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import env

ROOT = Path(__file__).resolve().parent.parent
FULL_ROWS = 344_581  # UMKM counted in Kalimantan Timur in 2022 (domain.md section 7)
SECTION_START = "<!-- imports: written by bench/imports.py -->"
SECTION_END = "<!-- /imports -->"
HEADER = ["nib", "name", "owner_nik", "owner_name", "district", "sub_district",
          "village", "address", "kbli", "kbli_version", "business_capital",
          "annual_revenue", "employees"]  # fmt: skip
KBLI = ["10794", "47111", "56101", "01111", "96021", "14111", "47721", "10710"]
BAD_KINDS = ["kbli", "nik", "district", "duplicate", "name", "capital"]
ROUNDS = 3  # first loads of the file, each against a COPY of its own


def owner_nik(i: int) -> str:
    """Valid and unique for i < 3,360,000: PPKKCC DDMMYY NNNN."""
    day, month = 1 + i % 28, 1 + (i // 28) % 12
    year, serial = (i // 336) % 100, 1 + i // 33_600
    return f"647201{day:02d}{month:02d}{year:02d}{serial:04d}"


def write_file(path: Path, rows: int, places: list[tuple[str, ...]], bad: bool) -> list:
    """The CSV; with `bad`, every 100th row broken (its address says so)."""
    broken = []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            district, sub_district, village = places[i % len(places)]
            capital = 10_000_000 + (i * 7919) % 900_000_000
            row = [f"{i + 1:013d}", f"Usaha Bench {i}", owner_nik(i), f"Pemilik {i}",
                   district, sub_district, village, f"Jl. Contoh No. {i}",
                   KBLI[i % len(KBLI)], "2020", str(capital),
                   str(capital * 3) if i % 3 else "", str(i % 20)]  # fmt: skip
            if bad and i % 100 == 99:
                kind = BAD_KINDS[(i // 100) % len(BAD_KINDS)]
                row[7] = f"BAD-{i}"
                if kind == "kbli":
                    row[8] = "12"
                elif kind == "nik":
                    row[2] = "1234"
                elif kind == "district":
                    row[4] = "99.99"
                elif kind == "duplicate":
                    row[0] = f"{i:013d}"  # the previous row's NIB
                elif kind == "name":
                    row[1] = ""
                else:
                    row[10] = "-5"
                broken.append(row[7])
            writer.writerow(row)
    return broken


def copy_baseline(conn, path: Path) -> float:
    columns = ", ".join(f"{name} text" for name in HEADER)
    conn.execute(f"CREATE UNLOGGED TABLE IF NOT EXISTS bench_import_stage ({columns})")
    conn.execute("TRUNCATE bench_import_stage")
    conn.commit()
    started = time.perf_counter()
    with (
        conn.cursor() as cursor,
        cursor.copy(
            "COPY bench_import_stage FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy,
        open(path, "rb") as handle,
    ):
        while chunk := handle.read(256 * 1024):
            copy.write(chunk)
    conn.commit()
    return time.perf_counter() - started


def _status(field: str) -> int:
    """kB of /proc/self/status's field (VmRSS, VmHWM)."""
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+)", text, re.M).group(1))


def run_job(path: Path, **options):
    """(job, seconds, peak growth in MB) of one import, run in this process."""
    from django.core.files import File

    from cooperatives.models import ImportJob
    from cooperatives.services.imports import import_run

    # The job as import_request stores it, without queueing it for a worker:
    # the job runs here, in this process, where its time and memory are read.
    with open(path, "rb") as handle:
        job = ImportJob(kind="enterprises", **options)
        job.file.save(path.name, File(handle), save=True)
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to VmRSS
    before = _status("VmRSS")
    started = time.perf_counter()
    job = import_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    growth = (_status("VmHWM") - before) / 1024
    return job, seconds, growth


STATEMENTS = (
    ("COPY cooperatives_enterprise", "enterprises copied (first load)"),
    ("COPY cooperatives_person", "owners copied (first load)"),
    ("INSERT INTO cooperatives_deferredhistory", "history ranges recorded"),
    ("INSERT INTO cooperatives_personreconciliation", "owners' other names queued"),
    ("INSERT INTO cooperatives_enterprise", "enterprises inserted (+ history)"),
    ("UPDATE cooperatives_enterprise", "enterprises updated (+ history)"),
    ("INSERT INTO cooperatives_person", "owners inserted (+ history)"),
    ("UPDATE import_stage s SET owner_id", "owners looked up by NIK hash"),
    ("DELETE FROM import_stage WHERE ctid", "unchanged rows set aside"),
    ("COPY import_stage", "batches copied into the staging table"),
    ("gin_clean_pending_list", "trigram indexes merged"),
)
CHECKS = "deferred foreign-key checks (run before the index builds)"
ONCE = "other foreign keys checked once a key (from the values written, or a scan)"
FKEYS = (
    "NIB, NIK-hash and owner-account unique constraints built again; the owner "
    "key and the CHECK constraints added again NOT VALID"
)
BUILDS = "secondary indexes built after the load"
DROPS = "secondary indexes (and the owner foreign key) dropped before the load"


def timed_statements():
    """Seconds per kind of statement of the loader, on the database thread
    (the rest of the job's time is Python, overlapped with it, and the commit)."""
    from cooperatives.services.imports import indexes, loading

    labels = [label for _s, label in STATEMENTS] + [DROPS, CHECKS, ONCE, FKEYS, BUILDS]
    spent = dict.fromkeys([*labels, "other SQL"], 0.0)

    def label_of(sql: str) -> str:
        return next((lb for start, lb in STATEMENTS if start in sql[:200]), "other SQL")

    def timed(method, text_of):
        def wrapper(self, *args):
            started = time.perf_counter()
            try:
                return method(self, *args)
            finally:
                spent[text_of(*args)] += time.perf_counter() - started

        return wrapper

    loading.Loader.execute = timed(loading.Loader.execute, lambda s, *_: label_of(s))
    loading.Loader.copy = timed(
        loading.Loader.copy, lambda t, *_: label_of(f"COPY {t}")
    )
    drop = indexes.IndexDrop
    drop.before_write = timed(drop.before_write, lambda *_: DROPS)
    drop.drop_unique = timed(drop.drop_unique, lambda *_: DROPS)
    drop.run_deferred_checks = timed(drop.run_deferred_checks, lambda *_: CHECKS)
    drop.check_foreign_keys = timed(drop.check_foreign_keys, lambda *_: ONCE)
    drop.add_foreign_keys = timed(drop.add_foreign_keys, lambda *_: FKEYS)
    drop.build = timed(drop.build, lambda *_: BUILDS)
    # Python's share: the CPU time of the thread reading and validating rows.
    import cooperatives.services.imports as imports

    python = {"cpu": 0.0}
    import_pass = imports.import_pass

    def timed_pass(*args):
        started = time.thread_time()
        try:
            return import_pass(*args)
        finally:
            python["cpu"] += time.thread_time() - started

    imports.import_pass = timed_pass
    return spent, python


def empty_registry(conn) -> None:
    conn.execute(
        "TRUNCATE cooperatives_enterprise, cooperatives_historicalenterprise, "
        "cooperatives_person, cooperatives_historicalperson, "
        "cooperatives_personreconciliation, cooperatives_importjob CASCADE"
    )
    conn.commit()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--rows", type=int, default=FULL_ROWS)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args(argv)

    for name in ("NIK_ENCRYPTION_KEY", "NIK_HMAC_KEY", "BACKUP_ENCRYPTION_KEY"):
        # This database is emptied at each run: a key of this run alone will do.
        os.environ.setdefault(name, base64.urlsafe_b64encode(os.urandom(32)).decode())
    url = env.configure("import")
    sys.path.insert(0, str(ROOT))
    from .seed import ensure_database

    ensure_database(url, env.admin_dsn(url))
    import django
    import psycopg

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    settings.MEDIA_ROOT = str(work / "media")
    from cooperatives.models import Enterprise, Village

    # Villages by name (matched within their kecamatan, as people type them).
    places = list(
        Village.objects.values_list("sub_district__district_id", "sub_district", "name")
    )
    good, bad = work / "umkm.csv", work / "umkm-bad.csv"
    write_file(good, args.rows, places, bad=False)
    broken = write_file(bad, args.rows, places, bad=True)
    size_mb = good.stat().st_size / 1024 / 1024
    print(f"{args.rows:,} rows, {size_mb:.1f} MB", flush=True)

    conn = psycopg.connect(url)
    empty_registry(conn)
    baseline = [copy_baseline(conn, good) for _round in range(3)]
    print("COPY baseline:", ", ".join(f"{s:.2f} s" for s in baseline), flush=True)
    load_start = os.getloadavg()[0]
    spent, python = timed_statements()
    from kukm_portal.celery import worker_preload

    worker_preload()  # what a worker loads at its start, before any job
    first, first_s, first_mb = run_job(good)
    breakdown, first_cpu = dict(spent), python["cpu"]
    print(f"import: {first_s:.1f} s, {first.created:,} created, {first_mb:.1f} MB")
    # The history records and secondary indexes a first load leaves for after
    # its commit, as its tasks do them (here, in this process), before the next job.
    from cooperatives.services.imports.deferred_history import deferred_history_write
    from cooperatives.services.imports.deferred_indexes import deferred_indexes_build

    started = time.perf_counter()
    records = deferred_history_write()
    history_s = time.perf_counter() - started
    print(f"history records after the commit: {history_s:.1f} s ({records:,})")
    started = time.perf_counter()
    deferred = deferred_indexes_build()
    search_s = time.perf_counter() - started
    print(f"deferred indexes after the commit: {search_s:.1f} s ({len(deferred)})")
    print(f"until all is back: {first_s + history_s + search_s:.1f} s")
    # More rounds as SPEC section 4 measures: a COPY and a first load of the same
    # file each (the registry emptied, the tasks run after), the bar the median
    # of the rounds' ratios.
    rounds = [(first_s, statistics.median(baseline), first_mb)]
    for _round in range(ROUNDS - 1):
        empty_registry(conn)
        copy_round = copy_baseline(conn, good)
        _job, seconds, growth = run_job(good)
        rounds.append((seconds, copy_round, growth))
        deferred_history_write()
        deferred_indexes_build()
        print(f"round: {seconds:.1f} s / {copy_round:.2f} s, {growth:.1f} MB")
    baseline.append(copy_baseline(conn, good))  # after, too: the same conditions
    spent.update(dict.fromkeys(spent, 0.0))
    python["cpu"] = 0.0
    again, again_s, again_mb = run_job(good)
    again_db, again_cpu = sum(spent.values()), python["cpu"]
    print(
        f"re-import: {again_s:.1f} s, {again.created} created, {again.updated} updated"
    )
    faulty, faulty_s, faulty_mb = run_job(bad, skip_invalid=True)
    with faulty.errors_file.open("rb") as handle:
        reported = [
            row["address"]
            for row in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig"))
        ]
    print(f"1% bad: {faulty.skipped:,} rejected of {len(broken):,} broken")
    copy_s = statistics.median(baseline)
    result = {
        "rows": args.rows, "size_mb": size_mb, "copy_s": copy_s, "baseline": baseline,
        "first": first, "first_s": first_s, "first_mb": first_mb,
        "again": again, "again_s": again_s, "again_mb": again_mb,
        "faulty": faulty, "faulty_s": faulty_s, "faulty_mb": faulty_mb,
        "broken": broken, "reported": reported, "breakdown": breakdown,
        "stored": Enterprise.objects.count(), "load_start": load_start,
        "first_cpu": first_cpu, "again_db": again_db, "again_cpu": again_cpu,
        "search_s": search_s, "searches": deferred, "history_s": history_s,
        "records": records, "rounds": rounds,
    }  # fmt: skip
    from .imports_report import write_section

    write_section(args.output, result)
    conn.close()
    ok = (
        first.status == "done" and first.created == args.rows
        and (again.created, again.updated) == (0, 0)
        and sorted(reported) == sorted(broken) and faulty.skipped == len(broken)
    )  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
