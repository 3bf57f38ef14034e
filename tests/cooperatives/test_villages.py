"""Villages as coded data: the 1,038 loaded by the migration, an address's
village checked against its kecamatan and district, free text matched."""

import csv
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from cooperatives.models import Cooperative, Enterprise, SubDistrict, Village
from cooperatives.reference_data import SUB_DISTRICTS, VILLAGES_CSV
from cooperatives.services.villages import match_village_names, village_key
from tests.factories import CooperativeFactory, EnterpriseFactory, district

pytestmark = pytest.mark.django_db

SHARED = Path("/work/shared/data/kaltim-boundaries")


def test_the_migration_loads_the_1038_villages_of_the_105_kecamatan():
    assert Village.objects.count() == 1038
    assert Village.objects.filter(kind="kelurahan").count() == 197
    air_putih = Village.objects.select_related("sub_district").get(code="64.72.03.1004")
    assert (air_putih.name, air_putih.kind) == ("Air Putih", "kelurahan")
    assert air_putih.sub_district.name == "Samarinda Ulu"
    assert air_putih.district_id == "64.72"
    with_villages = set(Village.objects.values_list("sub_district", flat=True))
    assert with_villages == set(SubDistrict.objects.values_list("code", flat=True))
    assert len(with_villages) == 105


def test_the_kecamatan_match_the_datas_code_for_code():
    codes = {f"{d}.{s}" for d, rows in SUB_DISTRICTS.items() for s, _n in rows}
    with VILLAGES_CSV.open(encoding="utf-8") as file:
        assert {row["subdistrict_code"] for row in csv.DictReader(file)} == codes
    if (SHARED / "kecamatan.geojson").exists():  # the names too, where at hand
        features = json.loads((SHARED / "kecamatan.geojson").read_text())["features"]
        names = {f["properties"]["code"]: f["properties"]["name"] for f in features}
        assert dict(SubDistrict.objects.values_list("code", "name")) == names


def test_the_data_travels_with_its_mit_notice():
    notice = VILLAGES_CSV.parent / "LICENSE-wilayah_boundaries.txt"
    assert "MIT License" in notice.read_text()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "wilayah_boundaries" in readme


# --- The address rules ----------------------------------------------------------


def test_a_village_outside_the_kecamatan_is_refused_naming_the_field():
    cooperative = CooperativeFactory.build(
        district=district("64.72"),
        sub_district_id="64.72.01",
        village_id="64.72.03.1004",
    )
    with pytest.raises(ValidationError) as caught:
        cooperative.full_clean()
    assert caught.value.message_dict["village"] == [
        "Desa/kelurahan ini tidak berada di kecamatan yang dipilih."
    ]


def test_a_village_outside_the_district_is_refused_naming_the_field():
    enterprise = EnterpriseFactory.build(
        district=district("64.71"), village_id="64.72.03.1004"
    )
    with pytest.raises(ValidationError) as caught:
        enterprise.clean()
    assert caught.value.message_dict == {
        "village": ["Desa/kelurahan ini tidak berada di kabupaten/kota yang dipilih."]
    }


def test_a_village_alone_sets_its_kecamatan():
    cooperative = CooperativeFactory.build(
        district=district("64.72"), village_id="64.72.03.1004"
    )
    cooperative.clean()
    assert cooperative.sub_district_id == "64.72.03"


# --- Free text matched -----------------------------------------------------------


def test_village_key_ignores_case_spacing_and_the_word_desa():
    assert village_key("  Desa  Air   PUTIH ") == village_key("air putih")
    assert village_key("Kel. Air Putih") == "air putih"


def test_free_text_is_matched_where_unambiguous_and_kept_where_not():
    kkr = district("64.02")
    within_kecamatan = CooperativeFactory(
        district=district("64.72"), sub_district_id="64.72.03", village_name="air putih"
    )
    within_district = CooperativeFactory(
        district=district("64.72"), village_name="Kelurahan Air Putih"
    )
    # Two kecamatan of Kutai Kartanegara have a Sidomulyo: no guess.
    ambiguous = CooperativeFactory(district=kkr, village_name="Sidomulyo")
    settled_by_kecamatan = CooperativeFactory(
        district=kkr, sub_district_id="64.02.04", village_name="SIDOMULYO"
    )
    unknown = CooperativeFactory(district=district("64.72"), village_name="Kampung X")
    wrong_kecamatan = CooperativeFactory(
        district=district("64.72"), sub_district_id="64.72.01", village_name="Air Putih"
    )
    enterprise = EnterpriseFactory(sub_district_id="64.72.03", village_name="Jawa")

    assert match_village_names(Cooperative, Village) == (3, 3)
    assert match_village_names(Enterprise, Village) == (1, 0)

    def coded(row):
        row.refresh_from_db()
        return row.village_id, row.sub_district_id

    assert coded(within_kecamatan) == ("64.72.03.1004", "64.72.03")
    assert coded(within_district) == ("64.72.03.1004", "64.72.03")
    assert coded(settled_by_kecamatan) == ("64.02.04.2007", "64.02.04")
    assert coded(ambiguous) == (None, None)
    assert coded(unknown) == (None, None)
    assert coded(wrong_kecamatan) == (None, "64.72.01")
    assert coded(enterprise) == ("64.72.03.1002", "64.72.03")
    assert ambiguous.village_name == "Sidomulyo"  # kept for staff


def test_staff_find_the_unmatched_in_the_admin(staff_client):
    CooperativeFactory(name="Koperasi Terkode", village_id="64.72.03.1004")
    CooperativeFactory(name="Koperasi Teks Lama", village_name="Kampung X")
    CooperativeFactory(name="Koperasi Tanpa Desa")

    page = staff_client.get("/admin/cooperatives/cooperative/?desa=unmatched")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Desa belum dicocokkan" in body
    assert "Koperasi Teks Lama" in body
    assert "Koperasi Terkode" not in body
    assert "Koperasi Tanpa Desa" not in body


def test_the_command_matches_and_lists_the_rest_for_staff():
    import io

    from django.core.management import call_command

    matched = CooperativeFactory(sub_district_id="64.72.03", village_name="Jawa")
    CooperativeFactory(name="Koperasi Teks", village_name="Kampung X")
    out, err = io.StringIO(), io.StringIO()

    call_command("match_villages", stdout=out, stderr=err)

    matched.refresh_from_db()
    assert matched.village_id == "64.72.03.1002"
    assert out.getvalue().splitlines() == [
        "kind,id,name,district,sub_district,village",
        f"cooperative,{Cooperative.objects.get(name='Koperasi Teks').pk},"
        "Koperasi Teks,64.72,,Kampung X",
    ]
    assert "cooperative: 1 matched, 1 left for staff" in err.getvalue()
