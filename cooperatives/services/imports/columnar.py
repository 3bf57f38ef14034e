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

from core.uploads import ZIP_MAGIC

from .reading import CSV_FIELD_LIMIT

BLOCK_BYTES = 2 * 1024 * 1024


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
    from .columnar_rows import Checks

    return Columnar(Checks(rules), raw, delimiter, len(first[1]))


class Columnar:
    def __init__(self, checks, raw, delimiter: str, width: int):
        self.checks, self.raw = checks, raw
        self.delimiter, self.width = delimiter, width
        self.hash_nik = checks.rules.hash_nik

    def blocks(self):
        """The file's rows after its header, a RecordBatch of text columns at
        a time; Unfit where pyarrow's reader differs from the csv module's."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv

        names = [f"c{index}" for index in range(self.width)]
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
        import pyarrow as pa

        from .columnar_rows import Block

        line = 1  # the header's; lines only order a batch's rejected rows
        for batch in self.blocks():
            block = Block(batch, self.checks)
            start = 0
            while start < block.size:
                end = min(block.size, start + work.limit - work.batch.count)
                line = self.segment(work, block, start, end, line)
                start = end
                if work.batch.count >= work.limit:
                    work.submit()
            del block
        pa.default_memory_pool().release_unused()

    def segment(self, work, block, start: int, end: int, line: int) -> int:
        """Rows start…end of `block`, all in one batch, in the file's order."""
        import pyarrow as pa
        import pyarrow.compute as pc

        loader, rows, seen = work.loader, work.batch.rows, work.seen
        direct, hash_nik = loader.first_load, self.hash_nik
        fast, nibs, niks, names = block.fast, block.nibs, block.niks, block.owner_names
        staged, enterprise_ids, owner_ids = [], [], []
        runs = []  # (place in rows.enterprises, first staged, past the last)
        run_start, slow = 0, 0
        for index in range(start, end):
            line += 1
            if not fast[index]:
                if len(staged) > run_start:
                    runs.append((len(rows.enterprises), run_start, len(staged)))
                    rows.enterprises.append(None)
                    run_start = len(staged)
                work.row(line, block.cells(index))
                slow += 1
                continue
            nib = nibs[index]
            if nib in seen:
                work.reject(line, block.cells(index), str(loader.DUPLICATE))
                continue
            seen.add(nib)
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
        quick = end - start - slow
        work.outcome.rows += quick
        work.batch.count += quick
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
        return line
