"""The dashboard's district map: one shape per district, drawn from the vendored
boundaries, each district where it really is, and light enough to inline."""

import importlib.util
import json
import xml.etree.ElementTree as ET

import pytest
import shapely
from django.conf import settings
from shapely.geometry import Point, shape

from cooperatives.reference_data import DISTRICTS

SVG = settings.BASE_DIR / "static" / "img" / "kaltim-districts.svg"
SOURCE = settings.BASE_DIR / "scripts" / "data" / "kaltim-districts.geojson"
NS = {"svg": "http://www.w3.org/2000/svg"}

# (longitude, latitude) of a place inside each district: its seat, except Mahakam Ulu,
# whose point lies upstream in Long Bagun, the kecamatan of its seat Ujoh Bilang.
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
    path = settings.BASE_DIR / "scripts" / "make_district_map.py"
    spec = importlib.util.spec_from_file_location("make_district_map", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_map_draws_each_district_once_ready_to_be_shaded():
    paths = ET.parse(SVG).getroot().findall("svg:path", NS)  # noqa: S314 our own file

    assert sorted(p.get("data-code") for p in paths) == sorted(d[0] for d in DISTRICTS)
    for path in paths:
        assert path.get("id") == "d-" + path.get("data-code").replace(".", "-")
        assert (
            path.get("fill") == "#ccc"
        )  # what reports.district_map.district_map replaces
        assert path.get("d").startswith("M")
        assert path.find("svg:title", NS).text.strip()


def test_the_shipped_map_is_the_one_the_vendored_boundaries_give():
    source = json.loads(SOURCE.read_text())

    assert _generator().render(source) == SVG.read_text()


@pytest.mark.parametrize("code", sorted(PLACES))
def test_each_district_is_drawn_where_it_is(code):
    shapes = {
        f["properties"]["code"]: shape(f["geometry"])
        for f in json.loads(SOURCE.read_text())["features"]
    }
    place = Point(PLACES[code])

    assert [c for c, geometry in shapes.items() if geometry.contains(place)] == [code]


def test_the_districts_share_their_borders_without_gaps_or_overlaps():
    geometries = [
        shape(f["geometry"]) for f in json.loads(SOURCE.read_text())["features"]
    ]

    assert shapely.coverage_is_valid(geometries)


def test_the_map_is_light_enough_to_inline_in_the_dashboard():
    assert 10_000 < SVG.stat().st_size < 80_000
