"""Draw static/img/kaltim-districts.svg: a simplified schematic of Kalimantan Timur's
ten districts for the dashboard.

It is NOT a survey map. The province outline is a coarse hand-traced polygon, each
regency is the part of the outline nearest to its rough centre (a Voronoi cell), and
the three cities, which are small enclaves, are drawn as circles at their position.
Run it again after changing the figures below:  python scripts/make_district_map.py
"""

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "kaltim-districts.svg"

# (longitude, latitude), clockwise, coarse.
OUTLINE = [
    (113.9, 0.9),
    (114.6, 1.5),
    (115.5, 1.6),
    (116.5, 2.3),
    (117.3, 2.6),
    (117.9, 2.3),
    (118.6, 2.0),
    (118.9, 1.3),
    (118.0, 1.0),
    (117.8, 0.6),
    (117.5, 0.0),
    (117.5, -0.6),
    (117.3, -0.9),
    (116.9, -1.3),
    (116.6, -1.9),
    (116.5, -2.3),
    (116.3, -2.6),
    (115.9, -2.4),
    (115.9, -1.6),
    (115.4, -1.0),
    (114.9, -0.6),
    (114.5, -0.2),
    (113.9, 0.3),
]
REGENCIES = {  # rough centre of each regency
    "64.01": ("Paser", (116.05, -1.75)),
    "64.02": ("Kutai Kartanegara", (116.75, -0.25)),
    "64.03": ("Berau", (117.55, 1.95)),
    "64.07": ("Kutai Barat", (115.6, -0.45)),
    "64.08": ("Kutai Timur", (117.35, 0.95)),
    "64.09": ("Penajam Paser Utara", (116.5, -1.15)),
    "64.11": ("Mahakam Ulu", (114.9, 0.85)),
}
CITIES = {
    "64.71": ("Balikpapan", (116.9, -1.2)),
    "64.72": ("Samarinda", (117.15, -0.5)),
    "64.74": ("Bontang", (117.45, 0.13)),
}
WEST, EAST, SOUTH, NORTH = 113.8, 119.0, -2.7, 2.7
WIDTH = 520
SCALE = WIDTH / (EAST - WEST)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def clip(polygon, keep):
    """Sutherland-Hodgman: the part of `polygon` where keep(point) >= 0 (keep is linear)."""
    result = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        a, b = keep(previous), keep(current)
        if b >= 0:
            if a < 0:
                result.append(_cross(previous, current, a, b))
            result.append(current)
        elif a >= 0:
            result.append(_cross(previous, current, a, b))
    return result


def _cross(p, q, a, b):
    t = a / (a - b)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def cell(code):
    polygon = OUTLINE
    cx, cy = REGENCIES[code][1]
    for other, (_name, (ox, oy)) in REGENCIES.items():
        if other == code:
            continue
        mx, my = (cx + ox) / 2, (cy + oy) / 2
        dx, dy = cx - ox, cy - oy

        def keep(point, mx=mx, my=my, dx=dx, dy=dy):
            return (point[0] - mx) * dx + (point[1] - my) * dy

        polygon = clip(polygon, keep)
    return polygon


def xy(point):
    return round((point[0] - WEST) * SCALE, 1), round((NORTH - point[1]) * SCALE, 1)


def main() -> None:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" aria-labelledby="map-title">',
        '<title id="map-title">Kabupaten/kota di Kalimantan Timur (skema sederhana)</title>',
    ]
    for code, (name, _centre) in REGENCIES.items():
        points = " ".join(f"{x},{y}" for x, y in map(xy, cell(code)))
        parts.append(
            f'<polygon id="d-{code.replace(".", "-")}" data-code="{code}" points="{points}" '
            f'fill="#ccc" stroke="#fff" stroke-width="1.5"><title>{name}</title></polygon>'
        )
    for code, (name, centre) in CITIES.items():
        x, y = xy(centre)
        parts.append(
            f'<circle id="d-{code.replace(".", "-")}" data-code="{code}" cx="{x}" cy="{y}" r="9" '
            f'fill="#ccc" stroke="#333" stroke-width="1.5"><title>Kota {name}</title></circle>'
        )
    parts.append("</svg>")
    OUT.write_text("\n".join(parts) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
