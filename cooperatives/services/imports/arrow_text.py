"""Text lines held in a pyarrow array, as the bytes COPY reads (imported by
the job when it runs: a web process never loads pyarrow)."""

import pyarrow as pa
import pyarrow.compute as pc

from .direct import BYTEA_HEX, PERSON_TAIL, copy_escaped, copy_special


def arrow_lines(lines: pa.Array, end: str) -> bytes:
    """Each line ended by `end`, as one run of bytes (the array's own buffer)."""
    joined = pc.binary_join_element_wise(lines, end, "")
    if joined.null_count:
        raise ValueError("a line is missing")
    _validity, offsets, data = joined.buffers()
    offsets = memoryview(offsets).cast(
        "q" if pa.types.is_large_string(joined.type) else "i"
    )
    begin, stop = offsets[joined.offset], offsets[joined.offset + len(joined)]
    return data[begin:stop].to_pybytes()


def copy_data(lines: list, end: str) -> bytes:
    """COPY's bytes for `lines` (see DirectRows.enterprises), each ended by `end`."""
    parts, texts = [], []
    for item in lines:
        if isinstance(item, str):
            texts.append(item)
            continue
        if texts:
            parts.append((end.join(texts) + end).encode())
            texts = []
        parts.append(arrow_lines(item, end))
    if texts:
        parts.append((end.join(texts) + end).encode())
    return b"".join(parts)


def person_lines(people: dict[int, list]) -> pa.Array:
    """PERSON_LINE for each owner (DirectRows.people), joined a column at a
    time (pyarrow): a line formatted a person was a third of a second a load."""
    values = list(people.values())
    digests, encrypted, names, sexes = (
        [person[at] for person in values] for at in range(4)
    )
    if copy_special("".join(names)):
        names = [copy_escaped(name) if copy_special(name) else name for name in names]
    return pc.binary_join_element_wise(
        pc.cast(pa.array(list(people), pa.int64()), pa.string()),
        pc.binary_join_element_wise(BYTEA_HEX, pa.array(encrypted, pa.string()), ""),
        pa.array(digests, pa.string()), pa.array(names, pa.string()),
        pa.array(sexes, pa.string()), *PERSON_TAIL, "\t",
    )  # fmt: skip
