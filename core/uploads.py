"""What uploads share: the sniffing constants and the CSV content check (a binary
renamed .csv; the registry import's own checks live in its pipeline,
cooperatives.services.imports.reading), and deleting stored files after the
commit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

# A real registry sheet of 5 MB expands to well under 100 MB of XML.
MAX_XLSX_EXPANDED_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


def csv_check(data: bytes) -> None:
    head = data[:4096]
    if head.startswith(ZIP_MAGIC) or b"\x00" in head:
        raise ValidationError(_("Isi berkas bukan CSV teks."))


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
