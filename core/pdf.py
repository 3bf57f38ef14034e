"""The agency's look on every PDF the portal prints (ReportLab): its colour, the
letterhead's lines, the table heading row, the document's properties (author and
creator) and page. The loan schedule, the rekomendasi letter, the training
certificate and the reports all take them from here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

PRIMARY = colors.HexColor("#0b5563")
ZEBRA = "#f1f5f6"

# The documents are the agency's (named as the privacy notice names it), made by
# the portal: every PDF's author and creator.
AGENCY_NAME = gettext_lazy(
    "Dinas Perindustrian, Perdagangan, Koperasi dan UKM Provinsi Kalimantan Timur"
)
CREATOR = gettext_lazy("Portal KUKM Kalimantan Timur")


def province() -> str:
    return _("PEMERINTAH PROVINSI KALIMANTAN TIMUR")


def agency() -> str:
    return _("Dinas Perindustrian, Perdagangan, Koperasi dan UKM")


def agency_upper() -> str:
    return _("DINAS PERINDUSTRIAN, PERDAGANGAN, KOPERASI DAN UKM")


def training_unit() -> str:
    return _("UPTD Pelatihan Koperasi dan UKM")


def document(
    target,
    *,
    title: str,
    pagesize: tuple[float, float] = A4,
    margin: float = 15 * mm,
) -> SimpleDocTemplate:
    """A document built from flowables into `target` (a path or a buffer): the
    same margin on every side, the title, the agency as author and the portal as
    creator in its properties."""
    return SimpleDocTemplate(
        target,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=str(AGENCY_NAME),
        creator=str(CREATOR),
    )


def set_properties(canvas, *, title: str) -> None:
    """The same properties on a document drawn directly on a canvas."""
    canvas.setTitle(title)
    canvas.setAuthor(str(AGENCY_NAME))
    canvas.setCreator(str(CREATOR))


def letterhead(styles, *, width: float = 180 * mm) -> list:
    """The province and the agency over a rule in the agency's colour, for a
    document built from flowables (SimpleDocTemplate)."""
    line = styles["Title"].clone("Agency", fontSize=13, leading=16, spaceAfter=0)
    return [
        Paragraph(province(), line),
        Paragraph(agency(), line),
        Table(
            [[""]],
            colWidths=[width],
            rowHeights=[2],
            style=[("LINEBELOW", (0, 0), (-1, -1), 1.5, PRIMARY)],
        ),
        Spacer(1, 6 * mm),
    ]


def heading_row_style() -> list[tuple]:
    """A table's first row in white on the agency's colour."""
    return [
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
    ]
