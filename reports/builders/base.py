"""What a report is made of, independent of its file format: a title and sections,
each with typed columns, rows (an iterator, so long sections stream) and, for the
recaps, a total row that every writer prints last and in bold."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | money | percent


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: Iterable[dict]
    chart: tuple[str, str] | None = None  # (label column key, value column key) for PDF
    detail: bool = False  # a long listing: written to XLSX and CSV, left out of PDF
    size: int | None = None  # rows expected, for progress; None for short sections
    total: dict | None = None  # the province's (or the district's) total row


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)


ProgressCallback = Callable[[int], None]


def total_row(rows: list[dict], columns: list[Column], label: str, **computed) -> dict:
    """The sum of every int and money column of `rows`, the first column holding
    `label`; ratios cannot be summed, so the caller passes them in `computed`
    (left empty otherwise)."""
    total: dict = {columns[0].key: label}
    for column in columns[1:]:
        if column.kind in ("int", "money"):
            total[column.key] = sum(
                (row[column.key] for row in rows if row.get(column.key) is not None), 0
            )
    total.update(computed)
    return total
