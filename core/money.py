"""Moved to `core.numbers`, the one module that formats numbers; this name stays
only for code written before the move (import from `core.numbers`)."""

from .numbers import format_rupiah, parse_rupiah

__all__ = ["format_rupiah", "parse_rupiah"]
