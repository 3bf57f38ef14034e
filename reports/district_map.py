"""The dashboard's district map: the vendored SVG with each district shaded by its
share of active cooperatives (inline, no script)."""

import re
from functools import cache

from django.conf import settings

SHADES = ["#e3f1f3", "#b5dadf", "#7fbfc7", "#3f97a3", "#0b5563"]


def map_shading(rows: list[dict]) -> list[dict]:
    """Each district's share of active cooperatives and the shade it is drawn in."""
    shaded = []
    for row in rows:
        share = row["active"] / row["total"] if row["total"] else 0
        shade = SHADES[min(int(share * len(SHADES)), len(SHADES) - 1)]
        shaded.append({**row, "share": share, "shade": shade})
    return shaded


@cache
def _map_svg() -> str:
    return (settings.BASE_DIR / "static" / "img" / "kaltim-districts.svg").read_text()


def district_map(shaded: list[dict]) -> str:
    """The district SVG with each district filled by its shade (inline, no script)."""
    svg = _map_svg()
    for row in shaded:
        svg = re.sub(
            rf'(data-code="{re.escape(row["district"])}"[^>]*?)fill="#ccc"',
            rf'\1fill="{row["shade"]}"',
            svg,
        )
    return svg
