"""PDF: a printable A4 report with the agency's heading, the summary tables and a
bar chart. Long listings (detail sections) are left to the XLSX and CSV formats.

Layout: text cells are paragraphs that wrap inside columns sized to their content
and the page, so no name is cut; every table repeats its heading row on each page
it spans, a short table moves whole to the next page instead of splitting, and
the total row closes the table in bold."""

from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from core import pdf
from core.numbers import format_number, format_percent, format_rupiah

from ..builders.base import Column, ProgressCallback, Report, Section
from .progress import rows_with_progress

PROVINCE_LINE = "PROVINSI KALIMANTAN TIMUR"
PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
FONT, BOLD, SIZE = "Helvetica", "Helvetica-Bold", 7
PADDING = 14  # the cell's left and right padding (6 + 6) and a margin for rounding
MIN_TEXT_WIDTH = 25 * mm
SHORT_TABLE_ROWS = 20  # a table this short is never split across pages
TOTAL_FILL = colors.HexColor(pdf.ZEBRA)


def _cell(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "money":
        return format_rupiah(value)
    if kind == "int":
        return format_number(int(value))
    if kind == "percent":
        return format_percent(value, places=1, ratio=True)
    return str(value)


def _styles():
    base = getSampleStyleSheet()["Normal"]
    return {
        "text": base.clone("CellText", fontName=FONT, fontSize=SIZE, leading=9),
        "total": base.clone("CellTotal", fontName=BOLD, fontSize=SIZE, leading=9),
        "head": base.clone(
            "CellHead",
            fontName=BOLD,
            fontSize=SIZE,
            leading=9,
            textColor=colors.white,
        ),
        "head_right": base.clone(
            "CellHeadRight",
            fontName=BOLD,
            fontSize=SIZE,
            leading=9,
            textColor=colors.white,
            alignment=2,
        ),
    }


def _widths(columns: list[Column], cells: list[list[str]]) -> list[float]:
    """Each column as wide as its widest cell and heading; when the table is wider
    than the page, headings wrap at their words and the text columns share what
    the numbers leave, so their paragraphs wrap instead of being cut."""

    def content(index: int) -> float:
        return max((stringWidth(row[index], BOLD, SIZE) for row in cells), default=0)

    def heading(column: Column, whole: bool) -> float:
        words = [column.label] if whole else column.label.split()
        return max(stringWidth(word, BOLD, SIZE) for word in words)

    for whole in (True, False):
        widths = [
            max(content(i), heading(column, whole)) + PADDING
            for i, column in enumerate(columns)
        ]
        if sum(widths) <= WIDTH:
            return widths
    text = [i for i, column in enumerate(columns) if column.kind == "text"]
    numbers = sum(w for i, w in enumerate(widths) if i not in text)
    room = max(WIDTH - numbers, MIN_TEXT_WIDTH * len(text))
    wanted = sum(widths[i] for i in text) or 1
    for i in text:
        widths[i] = max(MIN_TEXT_WIDTH, room * widths[i] / wanted)
    return widths


def _table(section: Section, rows: list[dict]) -> Table:
    styles = _styles()
    columns = section.columns
    body = [*rows, section.total] if section.total else rows
    cells = [[_cell(row.get(c.key), c.kind) for c in columns] for row in body]
    widths = _widths(columns, cells)
    heading = [
        Paragraph(escape(c.label), styles["head" if c.kind == "text" else "head_right"])
        for c in columns
    ]
    data = [heading]
    for number, row in enumerate(cells, start=1):
        style = styles["total" if section.total and number == len(cells) else "text"]
        data.append(
            [
                Paragraph(escape(value), style) if column.kind == "text" else value
                for value, column in zip(row, columns, strict=True)
            ]
        )
    commands = [
        *pdf.heading_row_style(),
        ("FONTNAME", (0, 1), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), SIZE),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    commands += [
        ("ALIGN", (i, 1), (i, -1), "RIGHT")
        for i, column in enumerate(columns)
        if column.kind != "text"
    ]
    if section.total:
        commands += [
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
            ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
        ]
    return Table(
        data,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def _chart(section: Section, rows: list[dict]) -> Drawing:
    """Bars with their whole labels: the label area is as wide as the longest."""
    label_key, value_key = section.chart
    labels = [str(row.get(label_key)) for row in rows]
    label_width = max(stringWidth(label, FONT, SIZE) for label in labels) + 4 * mm
    height = 14 * len(rows) + 30
    drawing = Drawing(label_width + 110 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = label_width, 10, 100 * mm, height - 20
    chart.data = [[float(row.get(value_key) or 0) for row in rows]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontSize = SIZE
    chart.valueAxis.labels.fontSize = SIZE
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = pdf.PRIMARY
    drawing.add(chart)
    return drawing


def _section(section: Section, rows: list[dict], styles) -> list[Flowable]:
    title = Paragraph(escape(section.title), styles["Heading2"])
    table = _table(section, rows)
    if len(rows) + 1 <= SHORT_TABLE_ROWS:
        parts: list[Flowable] = [KeepTogether([title, table])]
    else:  # split across pages, its heading row repeated on each; the title
        # starts a new page rather than stand alone at the foot of one
        parts = [CondPageBreak(30 * mm), title, table]
    if section.chart and rows:
        parts += [Spacer(1, 4 * mm), _chart(section, rows)]
    return [*parts, Spacer(1, 6 * mm)]


def write_pdf(report: Report, path: str, progress: ProgressCallback) -> None:
    styles = getSampleStyleSheet()
    story = [
        Paragraph(f"{pdf.agency_upper()}<br/>{PROVINCE_LINE}", styles["Title"]),
        Paragraph(report.title, styles["Heading1"]),
        Paragraph(report.subtitle, styles["Normal"]),
        Paragraph(
            _("Dibuat %(when)s WITA")
            % {"when": timezone.localtime().strftime("%d-%m-%Y %H.%M")},
            styles["Italic"],
        ),
        Spacer(1, 6 * mm),
    ]
    for index, section in enumerate(report.sections):
        if section.detail:
            story.append(Paragraph(section.title, styles["Heading2"]))
            story.append(
                Paragraph(
                    _("Daftar lengkap tersedia dalam format XLSX dan CSV."),
                    styles["Normal"],
                )
            )
            progress(99 * (index + 1) // len(report.sections))
            continue
        rows = list(rows_with_progress(report, index, section, progress))
        story.extend(_section(section, rows, styles))
    document = pdf.document(path, title=report.title, pagesize=PAGE, margin=MARGIN)
    document.build(story)
