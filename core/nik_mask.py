"""A person's NIK anywhere in free text, masked (log records, gunicorn's logs).
The ground floor's own copy of the NIK's shape, so logging needs no domain app."""

import re

# A valid person NIK anywhere in free text (log lines): PPKKCC DD(+40)MMYY NNNN.
_NIK_IN_TEXT = re.compile(
    r"(?<![0-9])([0-9]{4})[0-9]{2}(?:[0-7][0-9])(?:0[1-9]|1[0-2])[0-9]{2}([0-9]{4})"
    r"(?![0-9])"
)


def mask_niks_in(text: str) -> str:
    """Free text with every person NIK in it masked (for log records)."""
    return _NIK_IN_TEXT.sub(lambda m: m[1] + "*" * 8 + m[2], text)
