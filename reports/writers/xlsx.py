"""XLSX: one sheet per section, styled and frozen header, rupiah number formats;
written in openpyxl's write-only mode so memory stays flat for long sections. Text
that a spreadsheet would run as a formula is quoted (core.spreadsheet): openpyxl
itself would store a string starting with `=` as a live formula. A section's total
row comes last, in bold."""

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from core.spreadsheet import safe_cell

from ..builders.base import ProgressCallback, Report
from .progress import rows_with_progress

NUMBER_FORMATS = {"money": '"Rp"#,##0', "int": "#,##0", "percent": "0.0%"}
HEADER_FILL = PatternFill("solid", fgColor="0B5563")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TOTAL_FONT = Font(bold=True)


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28]
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def _cells(sheet, columns, row: dict, font: Font | None = None) -> list:
    cells = []
    for column in columns:
        value = row.get(column.key)
        if isinstance(value, Promise):  # a lazily translated label
            value = str(value)
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        if column.kind in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[column.kind]
        if font:
            cell.font = font
        cells.append(cell)
    return cells


def write_xlsx(report: Report, path: str, progress: ProgressCallback) -> None:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for index, section in enumerate(report.sections):
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        sheet.freeze_panes = "A4"
        for number, column in enumerate(section.columns):
            width = 40 if column.kind == "text" and number <= 1 else 18
            sheet.column_dimensions[chr(ord("A") + number)].width = width
        title = WriteOnlyCell(
            sheet, value=safe_cell(f"{report.title} — {section.title}")
        )
        title.font = Font(bold=True, size=13)
        sheet.append([title])
        sheet.append([safe_cell(report.subtitle)])
        header = []
        for column in section.columns:
            cell = WriteOnlyCell(sheet, value=safe_cell(column.label))
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        sheet.append(header)
        for row in rows_with_progress(report, index, section, progress):
            sheet.append(_cells(sheet, section.columns, row))
        if section.total:
            sheet.append(_cells(sheet, section.columns, section.total, TOTAL_FONT))
    workbook.save(path)
