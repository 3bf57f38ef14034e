"""CSV in UTF-8 with a BOM so Excel opens it; sections one after another, each with
its title and header. Numbers are written plain (no thousands separators); text
that a spreadsheet would run as a formula is quoted (core.spreadsheet). A section's
total row comes last."""

import csv
import itertools

from core.spreadsheet import safe_cell

from ..builders.base import ProgressCallback, Report
from .progress import rows_with_progress


def write_csv(report: Report, path: str, progress: ProgressCallback) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(report.title)])
        writer.writerow([safe_cell(report.subtitle)])
        for index, section in enumerate(report.sections):
            writer.writerow([])
            writer.writerow([safe_cell(section.title)])
            writer.writerow([safe_cell(column.label) for column in section.columns])
            keys = [column.key for column in section.columns]
            rows = rows_with_progress(report, index, section, progress)
            total = [section.total] if section.total else []
            for row in itertools.chain(rows, total):
                writer.writerow(
                    [
                        "" if (value := row.get(key)) is None else safe_cell(value)
                        for key in keys
                    ]
                )
