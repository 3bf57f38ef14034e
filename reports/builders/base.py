"""What a report is made of, independent of its file format: a title and sections,
each with typed columns and rows (an iterator, so long sections stream)."""

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


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)


ProgressCallback = Callable[[int], None]
