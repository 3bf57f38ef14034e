"""Checks of uploaded application documents: the type is read from the file's
first bytes (its magic number), never from its name or the browser's claim."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .conf import setting

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
HEAD_BYTES = 8


def detect_content_type(file) -> str | None:
    """PDF, JPEG or PNG by the first bytes of the file; None for anything else."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def validate_document(file) -> str:
    """The file's content type, or a ValidationError on `file`."""
    limit = setting("FINANCING_MAX_UPLOAD_BYTES")
    if not file or not file.size:
        raise ValidationError({"file": _("Berkas kosong.")})
    if file.size > limit:
        raise ValidationError(
            {
                "file": _("Berkas terlalu besar: paling besar %(limit)s.")
                % {"limit": filesizeformat(limit)}
            }
        )
    content_type = detect_content_type(file)
    if content_type is None:
        raise ValidationError(
            {"file": _("Berkas harus PDF, JPEG atau PNG (diperiksa dari isinya).")}
        )
    return content_type


def validate_checklist(value) -> None:
    """A review checklist: item names with yes/no."""
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(item, bool) for key, item in value.items()
    ):
        raise ValidationError(
            _("Daftar periksa berisi pasangan nama dan ya/tidak (true/false).")
        )
