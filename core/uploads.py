"""Checks of uploaded spreadsheets before anything parses them: size, content
matching the chosen format (sniffed from the bytes, never from the name or the
browser's content type) and, for XLSX, a zip bomb refused by the uncompressed
sizes its central directory declares, read before a single member is expanded."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A real registry sheet of 5 MB expands to well under 100 MB of XML.
MAX_XLSX_EXPANDED_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


def upload_read(file, *, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The whole upload, or a refusal when it is bigger than `limit`."""
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("Berkas terlalu besar (paling besar %(mb)s MB).")
            % {"mb": limit // (1024 * 1024)}
        )
    return data


def xlsx_check(data: bytes, *, expanded_limit: int = MAX_XLSX_EXPANDED_BYTES) -> None:
    if not data.startswith(ZIP_MAGIC):
        raise ValidationError(_("Isi berkas bukan XLSX."))
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise ValidationError(_("Isi berkas bukan XLSX.")) from None
    if sum(member.file_size for member in members) > expanded_limit:
        raise ValidationError(
            _("Berkas XLSX ditolak: isinya mengembang terlalu besar saat dibuka.")
        )


def csv_check(data: bytes) -> None:
    head = data[:4096]
    if head.startswith(ZIP_MAGIC) or b"\x00" in head:
        raise ValidationError(_("Isi berkas bukan CSV teks."))


def spreadsheet_check(data: bytes, *, format_title: str) -> None:
    """Refuse content that does not match the chosen format (CSV or XLSX)."""
    if format_title.lower() == "xlsx":
        xlsx_check(data)
    else:
        csv_check(data)


def stored_files_delete_after_commit(storage, names) -> None:
    """Remove stored files once the transaction commits: a rolled-back delete
    keeps them, a committed one leaves no file behind."""
    for name in [name for name in names if name]:
        transaction.on_commit(lambda name=name: storage.delete(name))


MAX_PDF_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def pdf_check(file, *, limit: int = MAX_PDF_BYTES) -> None:
    """A real PDF by its content (the `%PDF-` header and an `%%EOF` marker near
    the end), not empty and not bigger than `limit`; never by its name or the
    browser's content type."""
    size = getattr(file, "size", None) or 0
    if not file or not size:
        raise ValidationError(_("Berkas kosong."))
    if size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (paling besar %(mb)s MB).")
            % {"mb": limit // (1024 * 1024)}
        )
    file.seek(0)
    head = file.read(1024)
    file.seek(max(size - 2048, 0))
    tail = file.read(2048)
    file.seek(0)
    if PDF_MAGIC not in head or b"%%EOF" not in tail:
        raise ValidationError(_("Berkas harus PDF (diperiksa dari isinya)."))
