"""Progress of a writer over a report's sections, reported as 0-99 (100 is set when
the file is stored)."""

from collections.abc import Iterator

from ..builders.base import ProgressCallback, Report, Section

EVERY = 5000


def rows_with_progress(
    report: Report, index: int, section: Section, progress: ProgressCallback
) -> Iterator[dict]:
    count = len(report.sections)
    start = 99 * index // count
    span = 99 // count
    for number, row in enumerate(section.rows, start=1):
        if section.size and number % EVERY == 0:
            progress(start + span * min(number, section.size) // section.size)
        yield row
    progress(start + span)
