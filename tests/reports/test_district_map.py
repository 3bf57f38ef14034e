"""The map's data: simplified once from the MIT boundaries shipped in the repository
with their notice, one shape per district and per kecamatan, each where it is, and
light enough to inline. Nothing of GADM is left."""

import importlib.util
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from shapely.geometry import Point, shape

from cooperatives.reference_data import DISTRICTS, SUB_DISTRICTS

ROOT = settings.BASE_DIR
DATA = ROOT / "reports" / "data" / "kaltim-map.json"
SOURCE = ROOT / "scripts" / "data" / "kaltim-boundaries"
LICENCE = "LICENSE-wilayah_boundaries.txt"

# (longitude, latitude) of each district's seat.
PLACES = {
    "64.01": (116.197, -1.908),  # Tanah Grogot
    "64.02": (116.983, -0.417),  # Tenggarong
    "64.03": (117.490, 2.150),  # Tanjung Redeb
    "64.07": (115.700, -0.250),  # Barong Tongkok (Sendawar)
    "64.08": (117.560, 0.490),  # Sangatta
    "64.09": (116.700, -1.290),  # Penajam
    "64.11": (115.150, 0.600),  # Long Bagun
    "64.71": (116.830, -1.265),  # Balikpapan
    "64.72": (117.154, -0.502),  # Samarinda
    "64.74": (117.500, 0.133),  # Bontang
}


def _generator():
    path = ROOT / "scripts" / "make_map_data.py"
    spec = importlib.util.spec_from_file_location("make_map_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data() -> dict:
    return json.loads(DATA.read_text())


def test_the_shipped_path_data_is_what_the_shipped_boundaries_give():
    assert _generator().render() == DATA.read_text()


def test_one_shape_per_district_and_per_kecamatan():
    data = _data()

    assert [s["code"] for s in data["province"]["shapes"]] == [d[0] for d in DISTRICTS]
    assert sorted(data["districts"]) == sorted(SUB_DISTRICTS)
    for code, rows in SUB_DISTRICTS.items():
        shapes = data["districts"][code]["shapes"]
        assert [s["code"] for s in shapes] == [f"{code}.{suffix}" for suffix, _ in rows]
        assert [s["name"] for s in shapes] == [name for _, name in rows]
    every = [
        s for m in [data["province"], *data["districts"].values()] for s in m["shapes"]
    ]
    assert len(every) == 10 + 105
    assert all(s["d"].startswith("M") and s["d"].endswith("Z") for s in every)


@pytest.mark.parametrize("code", sorted(PLACES))
def test_each_district_is_where_it_is(code):
    shapes = {
        f["properties"]["code"]: shape(f["geometry"])
        for f in json.loads((SOURCE / "kabupaten-kota.geojson").read_text())["features"]
    }

    assert [c for c, g in shapes.items() if g.contains(Point(PLACES[code]))] == [code]


def test_the_maps_are_light_enough_to_inline():
    data = _data()

    assert 10_000 < len(json.dumps(data["province"])) < 60_000
    assert max(len(json.dumps(m)) for m in data["districts"].values()) < 40_000


def test_the_licence_notice_travels_with_the_data():
    for folder in (SOURCE, DATA.parent):
        notice = (folder / LICENCE).read_text()
        assert notice.startswith("MIT License")
        assert "Cahya DSN" in notice
    assert LICENCE in _data()["notice"]
    readme = (ROOT / "README.md").read_text()
    assert "cahyadsn/wilayah_boundaries" in readme
    assert LICENCE in readme


def _text_files():
    skip = {".git", ".venv", ".data", "node_modules", "staticfiles", "__pycache__"}
    suffixes = (".py", ".html", ".md", ".js", ".json", ".txt", ".po", ".svg", ".css")
    for folder, folders, files in os.walk(ROOT):
        folders[:] = [f for f in folders if f not in skip]
        for name in files:
            if name.endswith(suffixes) and name != "test_district_map.py":
                yield Path(folder) / name


def test_nothing_of_gadm_is_left():
    mentions = [
        path.relative_to(ROOT)
        for path in _text_files()
        if "gadm" in path.read_text(errors="ignore").lower()
    ]

    assert mentions == []
    assert not (ROOT / "static" / "img" / "kaltim-districts.svg").exists()
