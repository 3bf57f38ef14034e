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
from .reading import CSV_FIELD_LIMIT, Unfit

# The reader's buffers grow with its blocks: 256 kB blocks, read on this thread
# (no readahead), kept the bench's 344,581-row job within its memory bar (2 MB
# blocks on pyarrow's threads: 40 MB more; 128 kB: 5 MB less, 0.5 s more CPU).
BLOCK_BYTES = 256 * 1024


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


@functools.cache
def _memory_given_back() -> None:
    """Memory freed given back to the system at once (the bench's job: 20 MB
    less at its peak than kept for reuse): glibc maps Python's large buffers
    (the reader's reads, a batch's COPY bytes) instead of raising its threshold
    to the largest freed and keeping them in its heap; pyarrow's arrays come
    from jemalloc, purged without delay (its pool kept 40 MB more)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: left as is
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 256 * 1024)
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a build without jemalloc
        pa.set_memory_pool(pa.system_memory_pool())


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
                    block_size=BLOCK_BYTES,
                    skip_rows=1,
                    column_names=names,
                    use_threads=False,
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
                    # (a cell that long needs a column of the block that large:
                    # most blocks' columns are not, and are not measured)
                    if (
                        column.nbytes > CSV_FIELD_LIMIT
                        and (pc.max(pc.binary_length(column)).as_py() or 0)
                        > CSV_FIELD_LIMIT
                    ):
                        raise Unfit("a cell beyond the csv module's limit")
                yield batch
        except pa.ArrowException as error:
            raise Unfit(str(error)) from error

    def run(self, work) -> None:
        """Every row of the file into `work` (running.Pass), a batch of the
        row path's size at a time."""
        line = 1  # the header's; lines only order a batch's rejected rows
        self.seen, self.owners = Seen(), Owners()
        for batch in self.blocks():
            block = Block(batch, self.checks)
            start = 0
            while start < block.size:
                end = min(block.size, start + work.limit - work.batch.count)
                self.segment(work, block, start, end, line)
                line += end - start
                start = end
                if work.batch.count >= work.limit:
                    work.submit()
            del block
        pa.default_memory_pool().release_unused()
        written = work.loader.first_load.written
        for column, values in self.checks.written.items():
            written[column] |= values

    def _slow(self, block, start: int, end: int, line: int) -> dict:
        """The rows start…end the block's checks do not vouch for, checked
        by the row path: {index: (line, cells, staged row or None, NIK or
        the reason)}."""
        slow, rules = {}, self.checks.rules
        for index in block.slow[bisect_left(block.slow, start) :]:
            if index >= end:
                break
            cells = block.cells(index)
            at = line + 1 + index - start
            slow[index] = (at, cells, *rules.row(at, cells))
        return slow

    def segment(self, work, block, start: int, end: int, line: int) -> None:
        """Rows start…end of `block`, all in one batch, in the file's order:
        as the row path takes them (running.Pass.row, direct.DirectLoad.stage),
        a segment's rows at once."""
        loader, rows, direct = work.loader, work.batch.rows, work.loader.first_load
        slow = self._slow(block, start, end, line)
        keys = block.nib_numbers.slice(start, end - start)
        niks = block.nik_numbers[start:end].copy()
        enterprise = block.fast_numbers[start:end].copy()
        staged_slow = {}  # segment offset → (staged row, NIK)
        if slow:
            mask, values = [False] * (end - start), []
            for index, (_at, _cells, row, _nik) in slow.items():
                if row is not None and row[1] is not None:
                    mask[index - start] = True
                    values.append(int(row[1]))
            if values:
                keys = pc.replace_with_mask(
                    keys, pa.array(mask), pa.array(values, pa.int64())
                )
        repeated = self.seen.repeated(keys)
        enterprise &= ~repeated
        for offset in np.flatnonzero(repeated & block.fast_numbers[start:end]):
            index = start + int(offset)
            at = line + 1 + index - start
            work.reject(at, block.cells(index), str(loader.DUPLICATE))
        for index, (at, cells, row, nik) in slow.items():
            offset = index - start
            if row is None:
                work.reject(at, cells, nik)  # (None, reason)
            elif repeated[offset]:
                work.reject(at, cells, str(loader.DUPLICATE))
            elif not nik:
                work.reject(at, cells, str(loader.NO_OWNER))
            else:
                enterprise[offset] = True
                niks[offset] = int(nik)
                staged_slow[offset] = (row, nik)
        work.outcome.rows += end - start
        work.batch.count += end - start
        offsets = np.flatnonzero(enterprise)
        if not len(offsets):
            return
        first = direct.next_enterprise
        direct.next_enterprise += len(offsets)
        enterprise_ids = np.arange(first, first + len(offsets), dtype=np.int64)
        owner_ids, new = self.owners.assign(niks[offsets], direct)
        self._people(rows, direct, block, start, staged_slow, offsets,
                     enterprise_ids, owner_ids, new)  # fmt: skip
        rows.count += len(offsets)
        self._lines(rows, direct, block, start, staged_slow, offsets,
                    enterprise_ids, owner_ids)  # fmt: skip

    def _people(self, rows, direct, block, start, staged_slow, offsets,
                enterprise_ids, owner_ids, new) -> None:  # fmt: skip
        """The new owners (hashed, encrypted: direct.DirectLoad.people), then
        the rows naming an owner again (DirectLoad.again), in the file's order."""
        niks, names, hash_nik = block.niks, block.owner_names, self.hash_nik
        fresh = []
        for offset, enterprise_id, owner_id in zip(
            offsets[new].tolist(),
            enterprise_ids[new].tolist(),
            owner_ids[new].tolist(),
            strict=True,
        ):
            if offset in staged_slow:
                row, nik = staged_slow[offset]
                fresh.append((owner_id, row[3], nik, row[4], enterprise_id))
            else:
                nik = niks[start + offset]
                name = names[start + offset]
                fresh.append((owner_id, hash_nik(nik), nik, name, enterprise_id))
        direct.people(rows, fresh)
        again = ~new
        for offset, enterprise_id, owner_id in zip(
            offsets[again].tolist(),
            enterprise_ids[again].tolist(),
            owner_ids[again].tolist(),
            strict=True,
        ):
            if offset in staged_slow:
                name = staged_slow[offset][0][4]
            else:
                name = names[start + offset]
            direct.again(rows, owner_id, name, enterprise_id)

    def _lines(self, rows, direct, block, start, staged_slow, offsets,
               enterprise_ids, owner_ids) -> None:  # fmt: skip
        """The rows' lines into the batch in the file's order: the vouched
        rows' joined here, the others' by DirectLoad.line."""
        quick = np.ones(len(offsets), bool)
        if staged_slow:
            quick = np.array([o not in staged_slow for o in offsets.tolist()])
        at = pa.array(offsets[quick] + start, pa.int64())
        lines = pc.binary_join_element_wise(
            pc.cast(pa.array(enterprise_ids[quick]), pa.string()),
            pc.take(block.pre, at),
            pc.cast(pa.array(owner_ids[quick]), pa.string()),
            pc.take(block.rest, at),
            "\t",
        )
        done = 0  # lines placed
        for count, position in enumerate(np.flatnonzero(~quick).tolist()):
            fast_before = position - count
            if fast_before > done:
                rows.enterprises.append(lines.slice(done, fast_before - done))
                done = fast_before
            row, _nik = staged_slow[int(offsets[position])]
            rows.enterprises.append(
                direct.line(
                    row, int(enterprise_ids[position]), int(owner_ids[position])
                )
            )
        if len(lines) > done:
            rows.enterprises.append(lines.slice(done, len(lines) - done))


class Sorted:
    """Integer keys with a value each, sorted, searched a segment's keys at
    once: the older ones in one array, the recent in a smaller one merged
    into it now and then (merging every segment into all of them was 1 s)."""

    RECENT = 65_536

    def __init__(self):
        empty = np.empty(0, np.int64)
        self.parts = [[empty, empty], [empty, empty]]  # [keys, values]: old, recent

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each key is known, and its value (where it is)."""
        known = np.zeros(len(keys), bool)
        values = np.zeros(len(keys), np.int64)
        for stored, stored_values in self.parts:
            if len(stored):
                at = np.minimum(np.searchsorted(stored, keys), len(stored) - 1)
                here = stored[at] == keys
                known |= here
                values = np.where(here, stored_values[at], values)
        return known, values

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Keys not known yet, in key order, with their values."""
        old, recent = self.parts
        recent = _merged(recent, keys, values)
        if len(recent[0]) > self.RECENT:
            empty = np.empty(0, np.int64)
            old, recent = _merged(old, *recent), [empty, empty]
        self.parts = [old, recent]


def _merged(part, keys, values):
    at = np.searchsorted(part[0], keys)  # `keys` sorted, none in `part`
    return [np.insert(part[0], at, keys), np.insert(part[1], at, values)]


class Owners:
    """The owners of the file so far, a segment's rows' at once: their NIKs
    (as numbers) and each one's person id."""

    def __init__(self):
        self.known = Sorted()

    def assign(self, niks: np.ndarray, direct) -> tuple[np.ndarray, np.ndarray]:
        """Each row's person id, and whether the row makes the person: the
        first row naming a NIK, new ids in the order of those rows."""
        known, prior = self.known.find(niks)
        distinct, first, inverse = np.unique(
            niks, return_index=True, return_inverse=True
        )
        fresh = ~known[first]
        ranks = np.empty(int(fresh.sum()), np.int64)
        ranks[np.argsort(first[fresh], kind="stable")] = np.arange(len(ranks))
        fresh_ids = direct.next_person + ranks
        direct.next_person += len(ranks)
        ids = prior[first]
        ids[fresh] = fresh_ids
        new = np.zeros(len(niks), bool)
        new[first[fresh]] = True
        self.known.add(distinct[fresh], fresh_ids)
        return ids[inverse.reshape(-1)], new


class Seen:
    """The keys (NIBs) of the file's rows so far, a segment's rows' at once:
    whether each came in an earlier row."""

    def __init__(self):
        self.known = Sorted()

    def repeated(self, keys: pa.Array) -> np.ndarray:
        """For each key (null: none), whether it came before; the keys added."""
        valid = pc.is_valid(keys).to_numpy(zero_copy_only=False)
        values = pc.fill_null(keys, -1).to_numpy()
        before, _ids = self.known.find(values)
        first = np.zeros(len(values), bool)
        first[np.unique(values, return_index=True)[1]] = True
        new = np.sort(values[valid & first & ~before])
        self.known.add(new, np.zeros(len(new), np.int64))
        return valid & (before | ~first)
