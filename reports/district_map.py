"""The dashboard's maps: the province's 10 regencies/cities, and each one's kecamatan,
shaded by an indicator in five classes, drawn as inline SVG (no script) from the path
data that scripts/make_map_data.py simplified once from the MIT boundaries in
scripts/data/kaltim-boundaries/. The table beside a map carries the same numbers."""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import format_number, format_percent, format_rupiah

MAP_DATA = settings.BASE_DIR / "reports" / "data" / "kaltim-map.json"
CLASSES = 5  # drawn as .map-q0 (lightest) … .map-q4 (darkest), see portal.css
DASH = "\u2013"  # en dash: no figure, and between a class's bounds
NONE = "map-none"  # no figure (a share of nothing, or outside the user's district)


@cache
def map_data() -> dict:
    return json.loads(MAP_DATA.read_text())


@dataclass(frozen=True)
class Indicator:
    key: str  # the `peta` GET parameter
    label: str
    kind: str  # "count", "share" (a fraction of one) or "money"


PROVINCE_INDICATORS = (
    Indicator("koperasi", gettext_lazy("Koperasi terdaftar"), "count"),
    Indicator("aktif", gettext_lazy("Bagian koperasi aktif"), "share"),
    Indicator("rat", gettext_lazy("Koperasi yang RAT"), "count"),
    Indicator("umkm", gettext_lazy("UMKM terverifikasi"), "count"),
    Indicator("pembiayaan", gettext_lazy("Pembiayaan tersalurkan"), "money"),
    Indicator("par", gettext_lazy("PAR 30"), "share"),
    Indicator("kdmp", gettext_lazy("Cakupan KDMP"), "share"),
)
DEFAULT_PROVINCE = "aktif"
SUBDISTRICT_INDICATORS = (
    Indicator("koperasi", gettext_lazy("Koperasi terdaftar"), "count"),
    Indicator("umkm", gettext_lazy("UMKM terverifikasi"), "count"),
    Indicator("kdmp", gettext_lazy("Cakupan KDMP"), "share"),
)


def chosen(indicators: tuple[Indicator, ...], key: str | None, default: str):
    """The indicator the `peta` parameter names; an unknown one falls back."""
    by_key = {i.key: i for i in indicators}
    return by_key.get(key or "", by_key[default])


def fmt(value, kind: str) -> str:
    if value is None:
        return DASH
    if kind == "share":
        return format_percent(value, places=1, ratio=True)
    if kind == "money":
        return format_rupiah(value)
    return format_number(value)


def _ratio(part, whole):
    return Decimal(part) / Decimal(whole) if whole else None


def classify(values: list, kind: str) -> tuple[list[str], list[dict]]:
    """Each value's CSS class and the legend: up to five equal classes from zero to
    the largest value, the largest always darkest; None apart ("Tidak ada data").
    Counts are classed in whole numbers (0, 1, 2 when the largest is 2)."""
    known = [v for v in values if v is not None]
    top = max(known, default=0)
    if kind == "count":
        step = max(math.ceil(top / CLASSES), 1)
        count = min(CLASSES, top // step + 1)
    else:
        step = Decimal(top) / CLASSES if top else Decimal(1)
        count = CLASSES if top else 1
    shades = [
        f"map-q{round(i * (CLASSES - 1) / (count - 1)) if count > 1 else 0}"
        for i in range(count)
    ]
    classes = [
        NONE if v is None else shades[min(int(v // step), count - 1)] for v in values
    ]
    legend = []
    for index, css in enumerate(shades):
        low = step * index
        last = index == count - 1
        high = top if last else step * (index + 1) - (1 if kind == "count" else 0)
        label = (
            fmt(low, kind)
            if high == low
            else f"{fmt(low, kind)} {DASH} {fmt(high, kind)}"
        )
        legend.append({"css": css, "label": label})
    if len(known) < len(values):
        legend.append({"css": NONE, "label": _("Tidak ada data")})
    return classes, legend


def _switch(indicators, current: Indicator, url: str) -> list[dict]:
    return [
        {
            "label": i.label,
            "href": f"{url}?peta={i.key}#peta",
            "current": i.key == current.key,
        }
        for i in indicators
    ]


def _shapes(drawing: dict, rows: list[dict], values: list, classes: list, kind: str):
    """The drawing's shapes with their class, title and link; shapes without a row
    (another district's, for district users) are drawn plain."""
    by_code = {
        row["code"]: (row, value, css)
        for row, value, css in zip(rows, values, classes, strict=True)
    }
    shapes = []
    for shape in drawing["shapes"]:
        row, value, css = by_code.get(shape["code"], (None, None, NONE))
        title = shape["name"] if row is None else f"{shape['name']}: {fmt(value, kind)}"
        shapes.append(
            {
                "code": shape["code"],
                "d": shape["d"],
                "css": css,
                "title": title,
                "href": row.get("href") if row else None,
            }
        )
    return shapes


def province_rows(indicator: Indicator, figures: dict) -> tuple[list, list[dict]]:
    """The table's columns and rows (value, cells) of `indicator` per district.

    figures: "districts" [{code, name}], "registry" per district code (total, active),
    "fiscal" (rat_reported), and the one the indicator needs: "enterprises" {code: n},
    "disbursed" {code: {loans, disbursed}}, "par" {code: {outstanding, par}},
    "kdmp" {code: {villages, formed, running, share}} (cooperatives.selectors.kdmp)."""
    key = indicator.key
    rows = []
    for district in figures["districts"]:
        code = district["code"]
        if key in ("koperasi", "aktif"):
            row = figures["registry"].get(code, {})
            total, active = row.get("total", 0), row.get("active", 0)
            value = total if key == "koperasi" else _ratio(active, total)
            cells = [total] if key == "koperasi" else [total, active, value]
        elif key == "rat":
            value = figures["fiscal"].get(code, {}).get("rat_reported", 0)
            cells = [value]
        elif key == "umkm":
            value = figures["enterprises"].get(code, 0)
            cells = [value]
        elif key == "pembiayaan":
            row = figures["disbursed"].get(code, {"loans": 0, "disbursed": Decimal(0)})
            value = row["disbursed"]
            cells = [row["loans"], value]
        elif key == "kdmp":
            value, cells = _kdmp_cells(figures["kdmp"].get(code))
        else:  # par
            row = figures["par"].get(code, {})
            outstanding, par = row.get("outstanding", 0), row.get("par", 0)
            value = _ratio(par, outstanding)
            cells = [outstanding, par, value]
        rows.append({**district, "value": value, "cells": cells})
    return PROVINCE_COLUMNS[key], rows


def _kdmp_cells(row: dict | None) -> tuple:
    """A coverage row's share (None without villages) and its table cells."""
    if not row or not row["villages"]:
        return None, [row["villages"] if row else 0, 0, 0, None]
    cells = [row["villages"], row["formed"], row["running"], row["share"]]
    return row["share"], cells


KDMP_COLUMNS = [
    (gettext_lazy("Desa/kelurahan"), "count"),
    (gettext_lazy("KDMP terbentuk"), "count"),
    (gettext_lazy("KDMP beroperasi"), "count"),
    (gettext_lazy("Cakupan"), "share"),
]
PROVINCE_COLUMNS = {
    "koperasi": [(gettext_lazy("Terdaftar"), "count")],
    "aktif": [
        (gettext_lazy("Terdaftar"), "count"),
        (gettext_lazy("Aktif"), "count"),
        (gettext_lazy("Bagian aktif"), "share"),
    ],
    "rat": [(gettext_lazy("Koperasi yang RAT"), "count")],
    "umkm": [(gettext_lazy("UMKM terverifikasi"), "count")],
    "pembiayaan": [
        (gettext_lazy("Pinjaman"), "count"),
        (gettext_lazy("Disalurkan"), "money"),
    ],
    "par": [
        (gettext_lazy("Sisa pokok"), "money"),
        ("PAR 30", "money"),
        (gettext_lazy("PAR 30 (%)"), "share"),
    ],
    "kdmp": KDMP_COLUMNS,
}


def _total_cells(key: str, rows: list[dict]) -> list:
    """The sums of the columns; a share is recomputed from the summed parts."""
    sums = [
        sum((row["cells"][i] or 0 for row in rows), 0)
        for i in range(len(PROVINCE_COLUMNS[key]))
    ]
    if key in ("aktif", "par"):
        sums[2] = _ratio(sums[1], sums[0])
    if key == "kdmp":
        sums[3] = _ratio(sums[1], sums[0])
    return sums


def _table(columns, rows: list[dict], total_cells: list) -> dict:
    """Formatted cells, each with its column's label (shown beside it on phones)."""

    def cells(values):
        return [
            {"label": label, "text": fmt(value, kind)}
            for (label, kind), value in zip(columns, values, strict=True)
        ]

    return {
        "columns": [label for label, _kind in columns],
        "rows": [{**row, "cells": cells(row["cells"])} for row in rows],
        "total": cells(total_cells),
    }


def _drawn(drawing, indicators, indicator, url, rows, columns, total) -> dict:
    """The map of `rows` (a row without a code is in the table only)."""
    drawn = [row for row in rows if row["code"]]
    values = [row["value"] for row in drawn]
    classes, legend = classify(values, indicator.kind)
    for row in rows:
        row["css"] = NONE
    for row, css in zip(drawn, classes, strict=True):
        row["css"] = css
    return {
        "view_box": drawing["viewBox"],
        "indicator": indicator,
        "switch": _switch(indicators, indicator, url),
        "shapes": _shapes(drawing, drawn, values, classes, indicator.kind),
        "legend": legend,
        "table": _table(columns, rows, total),
    }


def province_map(indicator: Indicator, figures: dict, url: str) -> dict:
    """The province map: each district linked to its kecamatan map."""
    columns, rows = province_rows(indicator, figures)
    for row in rows:
        row["href"] = reverse("reports:district-map", kwargs={"code": row["code"]})
    return _drawn(
        map_data()["province"],
        PROVINCE_INDICATORS,
        indicator,
        url,
        rows,
        columns,
        _total_cells(indicator.key, rows),
    )


def subdistrict_map(code: str, indicator: Indicator, figures: list[dict], url: str):
    """One district's kecamatan map; the table has both counts for every kecamatan
    (and those without a recorded kecamatan, not drawn) or, for "kdmp", the
    coverage rows of cooperatives.selectors.kdmp_coverage_by_subdistrict."""
    if indicator.key == "kdmp":
        rows = []
        for row in figures:
            value, cells = _kdmp_cells(row)
            rows.append(
                {
                    "code": row["sub_district_id"],
                    "name": row["sub_district_name"],
                    "value": value,
                    "cells": cells,
                }
            )
        return _drawn(
            map_data()["districts"][code],
            SUBDISTRICT_INDICATORS,
            indicator,
            url,
            rows,
            KDMP_COLUMNS,
            _total_cells("kdmp", rows),
        )
    field = "cooperatives" if indicator.key == "koperasi" else "enterprises"
    rows = [
        {
            "code": row["code"],
            "name": row["name"] or _("Kecamatan belum diisi"),
            "value": row[field],
            "cells": [row["cooperatives"], row["enterprises"]],
        }
        for row in figures
    ]
    return _drawn(
        map_data()["districts"][code],
        SUBDISTRICT_INDICATORS,
        indicator,
        url,
        rows,
        [(i.label, i.kind) for i in SUBDISTRICT_INDICATORS[:2]],  # the two counts
        [sum(row["cells"][i] for row in rows) for i in range(2)],
    )
