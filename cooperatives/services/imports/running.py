"""One import job's pass over its file: rows are read and validated one at a
time, staged and written a batch at a time (loading), rejected rows go to a CSV
as they come, and the whole pass is one transaction, rolled back for a dry run
or, unless invalid rows are to be skipped, when any row was rejected. Progress
is written on a connection of its own, so it is seen while the pass runs."""

import csv
import gc
import logging
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.history import history_start_missing
from core.spreadsheet import safe_cell

from ...models import ImportJob
from .deferred_history import deferred_history_complete
from .keys import Keys
from .kinds import RULES
from .loaders import CooperativeLoader, EnterpriseLoader
from .reading import Unfit, file_rows

logger = logging.getLogger(__name__)
LOADERS = {"enterprises": EnterpriseLoader, "cooperatives": CooperativeLoader}
BATCH_ROWS = 10_000


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors_path: str | None = None
    kept: bool = True  # False: the pass was rolled back


class Progress:
    """The job's progress, committed at once on a connection of its own."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, -1
        self.conn = connection.get_new_connection(connection.get_connection_params())
        self.conn.autocommit = True

    def __call__(self, value: int) -> None:
        value = max(0, min(99, value))
        if value != self.last:
            with self.conn.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET progress = %s "  # noqa: S608
                    "WHERE id = %s",
                    [value, self.job_id],
                )
            self.last = value

    def close(self) -> None:
        self.conn.close()


class Rejects:
    """The rejected rows as the file had them, with a `reason` column."""

    def __init__(self, header: list[str]):
        fd, self.path = tempfile.mkstemp(suffix=".csv")
        self.handle = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow([*map(safe_cell, header), "reason"])
        self.count = 0

    def write(self, cells: list[str], reason: str) -> None:
        self.writer.writerow([*map(safe_cell, cells), reason])
        self.count += 1

    def discard(self) -> None:
        if self.close():
            os.unlink(self.path)

    def close(self) -> str | None:
        self.handle.close()
        if self.count:
            return self.path
        os.unlink(self.path)
        return None


def _numbered_rows(handle):
    for line, cells in enumerate(file_rows(handle), start=1):
        if any(cells):
            yield line, cells


def import_pass(job: ImportJob, handle, size: int, progress: Progress) -> Outcome:
    rows = _numbered_rows(handle)
    first = next(rows, None)
    if first is None:
        raise ValidationError(_("Berkas tidak berisi baris judul kolom."))
    rules = RULES[job.kind](first[1], district_id=job.district_id)
    rejects, outcome = Rejects(first[1]), Outcome()
    raw = getattr(handle, "file", handle)
    # A first load's records not written yet: written now, as imported (the
    # starting records below would take them for rows without history).
    deferred_history_complete()
    columnar = None
    if settings.IMPORT_COLUMNAR:
        from .columnar import columnar_start  # pyarrow, numpy: the worker's alone

        columnar = columnar_start(job.kind, rules, handle, first)
    try:
        with transaction.atomic():
            # Rows without history (seeded, migrated) get their starting record
            # before the load changes them, so the import's change reads as one.
            history_start_missing(app_labels={"cooperatives"}, by_id=job.by_id)
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:

                def loader_new():
                    return LOADERS[job.kind](
                        cursor, rules, district_id=job.district_id, by_id=job.by_id,
                        reason=f"import #{job.pk}", file_bytes=size,
                    )  # fmt: skip

                try:
                    # A savepoint: a file the columnar pass finds it cannot
                    # read as the row path does is read again, by the row path.
                    with transaction.atomic():
                        loader = loader_new()
                        if not getattr(loader, "first_load", None):
                            columnar = None
                        elif columnar is not None:
                            rows.close()  # read by the columnar pass instead
                            logger.info("import job %s: read by columns", job.pk)
                        work = Pass(
                            rules, loader, rejects, outcome, progress, raw, size
                        )
                        try:
                            work.run(rows, columnar)
                        except Unfit:
                            loader.first_load.unclaim()
                            raise
                except Unfit as error:
                    logger.info("import job %s: read again by rows (%s)", job.pk, error)
                    rejects.discard()
                    rejects, outcome = Rejects(first[1]), Outcome()
                    rows = _numbered_rows(handle)
                    next(rows)
                    loader = loader_new()
                    work = Pass(rules, loader, rejects, outcome, progress, raw, size)
                    work.run(rows)
                outcome.skipped = rejects.count
                if job.dry_run or (rejects.count and not job.skip_invalid):
                    outcome.kept = False
                    transaction.set_rollback(True)
                else:
                    loader.finish()
    finally:
        outcome.errors_path = rejects.close()
    return outcome


class Batch:
    """Staged rows (loading.StagedRows), the cells of the lines the
    rejected-rows CSV may need (every line, unless the loader rejects none
    later: loading.Loader.rejects_later) and the lines already rejected."""

    def __init__(self, loader):
        self.rows, self.cells, self.rejected = loader.batch(), {}, []
        self.count = 0


@contextmanager
def _prompt_switch():
    """The database thread needs the interpreter back after each statement; the
    reading thread, which holds it in between, yields it at once instead of
    after 5 ms (sys.setswitchinterval): a batch is some ten statements."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


@contextmanager
def _collector_frozen():
    """The objects alive before the pass (Django's, the app's: most of the
    process) left out of the garbage collector's full collections, each of
    which walked them all: four of them were 0.7 s of a 344,581-row load.
    The pass's own objects are collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class Pass:
    """One pass's state: the batch being read, the one the database thread
    writes, the keys seen. Python reads and validates a batch while the
    database writes the one before (a thread of its own, the job's connection
    used by it alone until the pass ends): two cores at work instead of one
    waiting for the other."""

    def __init__(self, rules, loader, rejects, outcome, progress, raw, size):
        self.rules, self.loader, self.rejects = rules, loader, rejects
        self.outcome, self.progress, self.raw, self.size = outcome, progress, raw, size
        self.seen, self.limit = Keys(), BATCH_ROWS
        self.batch, self.writing = Batch(loader), None
        self.keep = loader.rejects_later
        self.language = translation.get_language()  # the thread's own is the default

    def row(self, line: int, cells: list[str]) -> None:
        """One row the way every row of the file takes (columnar.py: the rows
        its checks do not vouch for)."""
        self.outcome.rows += 1
        batch = self.batch
        batch.count += 1
        if self.keep:
            batch.cells[line] = cells
        staged, reason = self.rules.row(line, cells)
        repeated = False
        if staged is not None and staged[1] is not None:
            key = int(staged[1])
            repeated = key in self.seen
            if not repeated:
                self.seen.add(key)
        self.place(line, cells, staged, reason, repeated=repeated)

    def place(self, line: int, cells: list[str], staged, reason, *, repeated: bool):
        """A row checked (kinds: staged, or the reason it is not) into the
        batch; `repeated`: its key came in an earlier row (the first one wins)."""
        if staged is not None:
            if repeated:
                reason = str(self.loader.DUPLICATE)
            else:
                reason = self.loader.stage(self.batch.rows, staged, reason)
        if reason is not None:
            self.reject(line, cells, reason)

    def reject(self, line: int, cells: list[str], reason: str) -> None:
        self.batch.rejected.append((line, reason))
        self.batch.cells[line] = cells

    def written(self, future) -> None:
        done, (created, updated, rejected) = future.result()
        self.outcome.created += created
        self.outcome.updated += updated
        for line, reason in sorted([*done.rejected, *rejected]):
            self.rejects.write(done.cells[line], reason)

    def load(self, done: Batch):
        with translation.override(self.language):
            return done, (self.loader.load(done.rows) if done.rows else (0, 0, []))

    def submit(self) -> None:
        """The batch to the database thread, once the one before is written."""
        self.loader.seal(self.batch.rows)
        if self.writing is not None:
            self.written(self.writing)  # the batch before: done, or wait for it
        self.writing = self.database.submit(self.load, self.batch)
        self.batch = Batch(self.loader)
        self.progress(int(100 * self.raw.tell() / self.size) if self.size else 0)

    def run(self, rows, columnar=None) -> None:
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="import") as database,
            _prompt_switch(),
            _collector_frozen(),
        ):
            self.database = database
            if columnar is None:
                limit = self.limit
                for line, cells in rows:
                    self.row(line, cells)
                    if self.batch.count >= limit:
                        self.submit()
            else:
                columnar.run(self)
            if self.writing is not None:
                self.written(self.writing)
                self.writing = None
            self.loader.seal(self.batch.rows)
            self.written(database.submit(self.load, self.batch))
