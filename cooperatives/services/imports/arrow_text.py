"""Text lines held in a pyarrow array, as the bytes COPY reads."""

import pyarrow as pa
import pyarrow.compute as pc


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
