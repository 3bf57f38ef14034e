"""CSV in UTF-8 with a BOM so Excel opens it; sections one after another, each with
its title and header. Numbers are written plain (no thousands separators)."""

import csv

from ..builders.base import ProgressCallback, Report
from .progress import rows_with_progress


def write_csv(report: Report, path: str, progress: ProgressCallback) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([report.title])
        writer.writerow([report.subtitle])
        for index, section in enumerate(report.sections):
            writer.writerow([])
            writer.writerow([section.title])
            writer.writerow([column.label for column in section.columns])
            keys = [column.key for column in section.columns]
            for row in rows_with_progress(report, index, section, progress):
                writer.writerow(
                    ["" if row.get(key) is None else row.get(key) for key in keys]
                )
