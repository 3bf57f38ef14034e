"""A first load of enterprises from a CSV, read a block of rows at a time:
the checks of the row path done for a whole column at once (pyarrow), the
final lines joined the same way, Python left with what must go row by row.

The results are the row path's, to the byte (tests/cooperatives/
test_imports_columnar.py compares them):

- A row the block's checks vouch for (columnar_rows.py) is stored as its cells
  say; every other row goes through the row path itself (running.Pass.row:
  kinds.EnterpriseRules.row, then direct.DirectLoad.stage), for its value or
  its message.
- Every row in the file's order, in batches of the same rows as the row
  path's: the first row with a NIB keeps it, the first row naming a NIK makes
  the person (direct.DirectLoad.owner, shared), ids drawn in the same order.
- What the csv module reads otherwise than pyarrow's reader (a row of another
  width, bytes that are not UTF-8, a cell beyond its size limit, a header
  other than the first line) is not guessed at: the file is `Unfit` and
  running.import_pass reads it again, all of it, by the row path (its
  savepoint takes back what was written). A file decided unfit before the
  first row costs nothing: the row path takes it from the start."""

import contextlib
import ctypes
import functools
from bisect import bisect_left

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from core.uploads import ZIP_MAGIC

from .columnar_rows import Block, Checks
from .reading import CSV_FIELD_LIMIT

# The reader's buffers (several blocks ahead) grow with the block: 512 kB
# blocks kept the bench's 344,581-row job within its memory bar (2 MB: 40 MB more).
BLOCK_BYTES = 512 * 1024


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


@functools.cache
def _memory_given_back() -> None:
    """Large buffers (the reader's blocks, pyarrow's arrays, a batch's COPY
    bytes) mapped and unmapped whole instead of taken from the heap: glibc
    raises its threshold to the largest buffer freed, and its heap then kept
    some 50 MB more through the bench's job. pyarrow allocates through malloc
    (its own pool kept another 40 MB)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: left as is
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 256 * 1024)
    pa.set_memory_pool(pa.system_memory_pool())


class Unfit(Exception):
    """The file holds what the columnar pass cannot read as the row path does."""


def columnar_start(kind: str, rules, handle, first) -> "Columnar | None":
    """The columnar pass for this file, or None (the row path) when it is not
    an enterprises CSV whose first line is its header, without quotes."""
    if kind != "enterprises" or first[0] != 1:
        return None
    if not {"owner_nik", "owner_name"} <= rules.present:
        return None  # every row rejected by the row path, for its own reason
    raw = getattr(handle, "file", handle)
    at = raw.tell()  # where the row path's reader is: left there
    try:
        raw.seek(0)
        line = raw.readline(CSV_FIELD_LIMIT)
    finally:
        raw.seek(at)
    if line.startswith(ZIP_MAGIC):
        return None
    line = line.removesuffix(b"\n").removesuffix(b"\r")
    if b'"' in line or b"\r" in line:
        return None
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    if len(text.split(delimiter)) != len(first[1]):
        return None
    return Columnar(Checks(rules), raw, delimiter, len(first[1]))


class Columnar:
    def __init__(self, checks, raw, delimiter: str, width: int):
        self.checks, self.raw = checks, raw
        self.delimiter, self.width = delimiter, width
        self.hash_nik = checks.rules.hash_nik

    def blocks(self):
        """The file's rows after its header, a RecordBatch of text columns at
        a time; Unfit where pyarrow's reader differs from the csv module's."""
        names = [f"c{index}" for index in range(self.width)]
        _memory_given_back()
        self.raw.seek(0)
        try:
            reader = pcsv.open_csv(
                self.raw,
                read_options=pcsv.ReadOptions(
                    block_size=BLOCK_BYTES, skip_rows=1, column_names=names
                ),
                parse_options=pcsv.ParseOptions(
                    delimiter=self.delimiter, newlines_in_values=True
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            for batch in reader:
                for column in batch.columns:
                    if (
                        pc.max(pc.binary_length(column)).as_py() or 0
                    ) > CSV_FIELD_LIMIT:
                        raise Unfit("a cell beyond the csv module's limit")
                yield batch
        except pa.ArrowException as error:
            raise Unfit(str(error)) from error

    def run(self, work) -> None:
        """Every row of the file into `work` (running.Pass), a batch of the
        row path's size at a time."""
        line, seen = 1, Seen()  # the header's line; lines only order rejects
        for batch in self.blocks():
            block = Block(batch, self.checks)
            start = 0
            while start < block.size:
                end = min(block.size, start + work.limit - work.batch.count)
                self.segment(work, block, start, end, line, seen)
                line += end - start
                start = end
                if work.batch.count >= work.limit:
                    work.submit()
            del block
        pa.default_memory_pool().release_unused()

    def _slow(self, block, start: int, end: int, line: int) -> dict:
        """The rows start…end the block's checks do not vouch for, checked
        by the row path: {index: (line, cells, staged, reason)}."""
        slow, rules = {}, self.checks.rules
        for index in block.slow[bisect_left(block.slow, start) :]:
            if index >= end:
                break
            cells = block.cells(index)
            at = line + 1 + index - start
            slow[index] = (at, cells, *rules.row(at, cells))
        return slow

    def segment(self, work, block, start: int, end: int, line: int, seen) -> None:
        """Rows start…end of `block`, all in one batch, in the file's order."""
        loader, rows = work.loader, work.batch.rows
        direct, hash_nik = loader.first_load, self.hash_nik
        fast, niks, names = block.fast, block.niks, block.owner_names
        slow = self._slow(block, start, end, line)
        keys = block.nib_numbers.slice(start, end - start)
        if slow:
            mask, values = [False] * (end - start), []
            for index, (_at, _cells, staged, _reason) in slow.items():
                if staged is not None and staged[1] is not None:
                    mask[index - start] = True
                    values.append(int(staged[1]))
            if values:
                keys = pc.replace_with_mask(
                    keys, pa.array(mask), pa.array(values, pa.int64())
                )
        repeated = seen.repeated(keys)
        staged, enterprise_ids, owner_ids = [], [], []
        runs = []  # (place in rows.enterprises, first staged, past the last)
        run_start = 0
        for index in range(start, end):
            if not fast[index]:
                if len(staged) > run_start:
                    runs.append((len(rows.enterprises), run_start, len(staged)))
                    rows.enterprises.append(None)
                    run_start = len(staged)
                at, cells, row, reason = slow[index]
                work.place(at, cells, row, reason, repeated=repeated[index - start])
                continue
            if repeated[index - start]:
                at = line + 1 + index - start
                work.reject(at, block.cells(index), str(loader.DUPLICATE))
                continue
            enterprise_id = direct.next_enterprise
            direct.next_enterprise = enterprise_id + 1
            nik = niks[index]
            owner_ids.append(
                direct.owner(rows, hash_nik(nik), nik, names[index], enterprise_id)
            )
            enterprise_ids.append(enterprise_id)
            staged.append(index)
        if len(staged) > run_start:
            runs.append((len(rows.enterprises), run_start, len(staged)))
            rows.enterprises.append(None)
        work.outcome.rows += end - start
        work.batch.count += end - start
        rows.count += len(staged)
        if staged:
            at = pa.array(staged, pa.int32())
            lines = pc.binary_join_element_wise(
                pc.cast(pa.array(enterprise_ids, pa.int64()), pa.string()),
                pc.take(block.pre, at),
                pc.cast(pa.array(owner_ids, pa.int64()), pa.string()),
                pc.take(block.rest, at),
                "\t",
            )
            for place, first, past in runs:
                rows.enterprises[place] = lines.slice(first, past - first)


class Seen:
    """The keys (NIBs) of the file's rows so far, a block's rows' at once:
    whether each came in an earlier row. A sorted array (3 MB for the bench's
    344,581), searched by bisection; a hash set rebuilt each block (pyarrow's
    is_in) took 5 s."""

    def __init__(self):
        self.keys = np.empty(0, np.int64)

    def repeated(self, keys: pa.Array) -> list[bool]:
        """For each key (null: none), whether it came before; the keys added."""
        valid = pc.is_valid(keys).to_numpy(zero_copy_only=False)
        values = pc.fill_null(keys, -1).to_numpy()
        before = np.zeros(len(values), bool)
        if len(self.keys):
            at = np.minimum(np.searchsorted(self.keys, values), len(self.keys) - 1)
            before = self.keys[at] == values
        first = np.zeros(len(values), bool)
        first[np.unique(values, return_index=True)[1]] = True
        new = np.sort(values[valid & first & ~before])
        # Two sorted runs: the stable sort (timsort) merges them in one pass.
        self.keys = np.sort(np.concatenate([self.keys, new]), kind="stable")
        return (valid & (before | ~first)).tolist()
