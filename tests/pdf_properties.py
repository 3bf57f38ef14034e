"""What a generated PDF's properties say: the agency as its author, the portal
as its creator (core.pdf), read back with pypdf."""

from io import BytesIO

from pypdf import PdfReader

AGENCY = "Dinas Perindustrian, Perdagangan, Koperasi dan UKM Provinsi Kalimantan Timur"
PORTAL = "Portal KUKM Kalimantan Timur"


def author_and_creator(source: bytes | str) -> tuple[str | None, str | None]:
    """The author and creator of a PDF given as bytes or as a path."""
    reader = PdfReader(BytesIO(source) if isinstance(source, bytes) else source)
    return reader.metadata.author, reader.metadata.creator
