"""PDF: a printable A4 report with the agency's heading, the summary tables and a
bar chart. Long listings (detail sections) are left to the XLSX and CSV formats."""

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import pdf
from core.numbers import format_number, format_percent, format_rupiah

from ..builders.base import ProgressCallback, Report, Section
from .progress import rows_with_progress

PROVINCE_LINE = "PROVINSI KALIMANTAN TIMUR"


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


def _chart(section: Section, rows: list[dict]) -> Drawing:
    label_key, value_key = section.chart
    height = 14 * len(rows) + 30
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60 * mm, 10, 100 * mm, height - 20
    chart.data = [[float(row.get(value_key) or 0) for row in rows]]
    chart.categoryAxis.categoryNames = [str(row.get(label_key))[:28] for row in rows]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = pdf.PRIMARY
    drawing.add(chart)
    return drawing


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
        story.append(Paragraph(section.title, styles["Heading2"]))
        if section.detail:
            story.append(
                Paragraph(
                    _("Daftar lengkap tersedia dalam format XLSX dan CSV."),
                    styles["Normal"],
                )
            )
            progress(99 * (index + 1) // len(report.sections))
            continue
        rows = list(rows_with_progress(report, index, section, progress))
        data = [[column.label for column in section.columns]] + [
            [_cell(row.get(column.key), column.kind) for column in section.columns]
            for row in rows
        ]
        table = Table(data, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    *pdf.heading_row_style(),
                    ("FONTSIZE", (0, 0), (-1, -1), 7),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
        if section.chart and rows:
            story.extend([Spacer(1, 4 * mm), _chart(section, rows)])
        story.append(Spacer(1, 6 * mm))
    document = SimpleDocTemplate(
        path,
        pagesize=landscape(A4),
        title=report.title,
        author="Portal KUKM Kaltim",
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    )
    document.build(story)
