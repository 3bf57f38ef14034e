"""Reading an uploaded registry file row by row, never whole: a CSV through a
text wrapper and `csv.reader` (a buffer at a time), an XLSX with openpyxl's
read-only mode (one row of cells at a time). The format is sniffed from the
bytes, never from the name; the header is checked before a job is queued."""

import csv
import datetime
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.spreadsheet import safe_cell_undo
from core.uploads import MAX_XLSX_EXPANDED_BYTES, ZIP_MAGIC

MAX_IMPORT_BYTES = 100 * 1024 * 1024
# A 100 MB sheet is compressed XML: allow it to expand as far as a CSV would be.
MAX_IMPORT_XLSX_EXPANDED_BYTES = max(MAX_XLSX_EXPANDED_BYTES, 20 * MAX_IMPORT_BYTES)
CSV_FIELD_LIMIT = 64 * 1024  # no cell of ours comes close; a broken quote would


class Unfit(Exception):
    """The file holds what the columnar pass (columnar.py) cannot read as the
    row path does: the job reads it again by rows."""


def header_key(value) -> str:
    """`Nama Usaha`, `nama_usaha` and ` NAMA-USAHA ` are one header."""
    return (
        re.sub(r"[\s_\-]+", " ", str(value or "").replace("\ufeff", "")).strip().lower()
    )


def sniff_format(handle) -> str:
    handle.seek(0)
    start = handle.read(4)
    handle.seek(0)
    return "xlsx" if start == ZIP_MAGIC else "csv"


def file_check(handle) -> str:
    """The format of an upload, or a ValidationError saying what is wrong."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size == 0:
        raise ValidationError(_("Berkas kosong."))
    if size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (paling besar %(mb)s MB).")
            % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    fmt = sniff_format(handle)
    if fmt == "xlsx":
        try:
            members = zipfile.ZipFile(handle).infolist()
        except (zipfile.BadZipFile, OSError):
            raise ValidationError(_("Isi berkas bukan XLSX.")) from None
        finally:
            handle.seek(0)
        if sum(member.file_size for member in members) > MAX_IMPORT_XLSX_EXPANDED_BYTES:
            raise ValidationError(
                _("Berkas XLSX ditolak: isinya mengembang terlalu besar saat dibuka.")
            )
        if not any(m.filename.startswith("xl/worksheets/") for m in members):
            raise ValidationError(_("Isi berkas bukan XLSX."))
        return fmt
    head = handle.read(64 * 1024)
    handle.seek(0)
    if b"\x00" in head:
        raise ValidationError(_("Isi berkas bukan CSV atau XLSX."))
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not a character cut at the buffer's end
            raise ValidationError(
                _("Berkas CSV harus berenkode UTF-8 (simpan sebagai CSV UTF-8).")
            ) from None
    return fmt


def _csv_rows(handle) -> Iterator[list[str]]:
    handle = getattr(handle, "file", handle)  # Django's File: the real one
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")
    first = text.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        # chain: the lines handed to the reader without a generator's frame each
        yield from csv.reader(itertools.chain((first,), text), delimiter=delimiter)
    finally:
        text.detach()  # the upload stays open for whoever reads it next


def _cell_text(value) -> str:
    """An XLSX cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


def _xlsx_rows(handle) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(handle, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        book.close()


def file_rows(handle) -> Iterator[list[str]]:
    """Every row of the file as a list of text cells, the header first; cells
    exported formula-safe (`'=…`) come back as they were."""
    rows = _xlsx_rows(handle) if sniff_format(handle) == "xlsx" else _csv_rows(handle)
    for row in rows:
        yield clean_cells(row)


def clean_cells(row: list[str]) -> list[str]:
    """A row's cells as read: stripped, an exported `'=…` as it was."""
    row = [cell.strip() for cell in row]
    if "'" in "".join(row):  # rare: only then look for an exported `'=…`
        row = [safe_cell_undo(cell) for cell in row]
    return row


def file_header(handle) -> list[str]:
    """The first row that has a cell, or a ValidationError."""
    try:
        for row in file_rows(handle):
            if any(row):
                return row
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, csv.Error):
        raise ValidationError(_("Berkas tidak dapat dibaca.")) from None
    finally:
        handle.seek(0)
    raise ValidationError(_("Berkas tidak berisi baris judul kolom."))
