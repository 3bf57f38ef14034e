"""KDMP monitoring (Inpres 9/2025): one KDMP per village, the cooperative's own
village, units once each, the change history, and the coverage counts (none /
formed / running) per village, kecamatan and district in one query each."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.scope import Scope
from cooperatives import selectors, services
from cooperatives.models import Cooperative, Kdmp, KdmpUnit, Village
from tests.cooperatives.kdmp_factories import FORMED_ON, kdmp_of, village_cooperative
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

RAWA_MAKMUR = "64.72.01.1001"  # Palaran, Samarinda: 5 villages
HANDIL_BAKTI = "64.72.01.1002"
BUKUAN = "64.72.01.1003"
AIR_PUTIH = "64.72.03.1004"  # Samarinda Ulu
BUSUI = "64.01.01.2010"  # Paser
Unit = KdmpUnit.Unit


def status_of(code: str, **kwargs) -> str:
    villages = selectors.kdmp_village_list(scope=Scope.province(), **kwargs)
    return villages.get(code=code).kdmp_status


def test_kdmp_create_marks_the_cooperative_of_the_village_with_history():
    cooperative = village_cooperative(RAWA_MAKMUR)
    staff = StaffFactory()

    kdmp = services.kdmp_create(
        data={"cooperative": cooperative, "village_id": RAWA_MAKMUR}, by=staff
    )

    assert kdmp.village_id == RAWA_MAKMUR
    record = kdmp.history.get()
    assert (record.history_type, record.history_user) == ("+", staff)


def test_kdmp_create_refuses_a_village_other_than_the_cooperatives_own():
    cooperative = village_cooperative(RAWA_MAKMUR)

    with pytest.raises(ValidationError) as refused:
        services.kdmp_create(
            data={"cooperative": cooperative, "village_id": HANDIL_BAKTI}
        )

    assert "village" in refused.value.message_dict
    assert "alamat koperasinya" in refused.value.message_dict["village"][0]
    assert not Kdmp.objects.exists()


def test_kdmp_create_refuses_a_second_kdmp_for_the_village():
    kdmp_of(RAWA_MAKMUR)
    other = village_cooperative(RAWA_MAKMUR)

    with pytest.raises(ValidationError) as refused:
        services.kdmp_create(data={"cooperative": other, "village_id": RAWA_MAKMUR})

    assert refused.value.message_dict["village"] == [
        "Desa/kelurahan ini sudah mempunyai KDMP."
    ]


def test_kdmp_create_refuses_a_cooperative_that_is_already_a_kdmp():
    kdmp = kdmp_of(RAWA_MAKMUR)

    with pytest.raises(ValidationError) as refused:
        services.kdmp_create(
            data={"cooperative": kdmp.cooperative, "village_id": RAWA_MAKMUR}
        )

    assert "cooperative" in refused.value.message_dict


def test_kdmp_unit_is_recorded_once_and_not_in_the_future():
    kdmp = kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY])

    with pytest.raises(ValidationError) as twice:
        services.kdmp_unit_create(
            data={"kdmp": kdmp, "unit": Unit.GROCERY, "operating_since": FORMED_ON}
        )
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as future:
        services.kdmp_unit_create(
            data={"kdmp": kdmp, "unit": Unit.CLINIC, "operating_since": tomorrow}
        )

    assert "Unit ini sudah dicatat untuk KDMP ini." in twice.value.messages
    assert "operating_since" in future.value.message_dict
    assert kdmp.units.count() == 1


def test_kdmp_unit_update_and_delete_keep_history():
    kdmp = kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY])
    unit = kdmp.units.get()

    services.kdmp_unit_update(
        unit_id=unit.pk, data={"operating_since": datetime.date(2025, 9, 1)}
    )
    services.kdmp_unit_delete(unit_id=unit.pk)

    assert [r.history_type for r in unit.history.order_by("history_id")] == [
        "+",
        "~",
        "-",
    ]


@pytest.mark.parametrize(
    ("formed", "units", "status"),
    [
        (False, [Unit.GROCERY], "none"),  # marked, no legal entity yet
        (True, [], "formed"),
        (True, [Unit.OFFICE], "formed"),  # an office alone is not running
        (True, [Unit.OFFICE, Unit.CLINIC], "running"),
        (True, [Unit.SAVINGS_AND_LOAN], "running"),
    ],
)
def test_kdmp_village_status(formed, units, status):
    kdmp_of(RAWA_MAKMUR, formed=formed, units=units)

    assert status_of(RAWA_MAKMUR) == status
    assert status_of(HANDIL_BAKTI) == "none"


def test_a_dissolved_kdmp_counts_as_none():
    kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY], status=Cooperative.Status.DISSOLVED)

    assert status_of(RAWA_MAKMUR) == "none"


def test_a_kdmp_cooperative_moves_village_only_with_a_reason():
    kdmp = kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY])

    with pytest.raises(ValidationError) as refused:
        services.cooperative_update(
            cooperative_id=kdmp.cooperative_id,
            data={"sub_district_id": "64.72.01", "village_id": HANDIL_BAKTI},
            by=None,
        )

    assert "alasan" in refused.value.message_dict["village_change_reason"][0]
    assert Cooperative.objects.get(pk=kdmp.cooperative_id).village_id == RAWA_MAKMUR
    assert status_of(RAWA_MAKMUR) == "running"


def test_a_kdmp_cooperative_moved_with_a_reason_takes_its_kdmp_along():
    kdmp = kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY])
    staff = StaffFactory()
    reason = "Koreksi data: salah pilih kelurahan saat input."

    services.cooperative_update(
        cooperative_id=kdmp.cooperative_id,
        data={"village_id": HANDIL_BAKTI, "village_change_reason": reason},
        by=staff,
    )

    kdmp.refresh_from_db()
    assert kdmp.village_id == HANDIL_BAKTI
    assert status_of(RAWA_MAKMUR) == "none"
    assert status_of(HANDIL_BAKTI) == "running"
    for record in (kdmp.history.first(), kdmp.cooperative.history.first()):
        assert (record.history_change_reason, record.history_user) == (reason, staff)


def test_a_kdmp_cooperative_cannot_move_to_a_village_with_a_kdmp():
    kdmp = kdmp_of(RAWA_MAKMUR)
    kdmp_of(HANDIL_BAKTI)

    with pytest.raises(ValidationError) as refused:
        services.cooperative_update(
            cooperative_id=kdmp.cooperative_id,
            data={"village_id": HANDIL_BAKTI, "village_change_reason": "Pindah."},
            by=None,
        )

    assert refused.value.message_dict["village"] == [
        "Desa/kelurahan ini sudah mempunyai KDMP."
    ]
    assert Kdmp.objects.get(pk=kdmp.pk).village_id == RAWA_MAKMUR


def test_a_kdmp_cooperative_keeps_a_village():
    kdmp = kdmp_of(RAWA_MAKMUR)

    with pytest.raises(ValidationError) as refused:
        services.cooperative_update(
            cooperative_id=kdmp.cooperative_id,
            data={"village_id": None, "village_change_reason": "Tidak tahu."},
            by=None,
        )

    assert "village" in refused.value.message_dict


def test_other_edits_of_a_kdmp_cooperative_need_no_reason():
    kdmp = kdmp_of(RAWA_MAKMUR)

    services.cooperative_update(
        cooperative_id=kdmp.cooperative_id, data={"address": "Jl. Baru 1"}, by=None
    )

    assert Cooperative.objects.get(pk=kdmp.cooperative_id).address == "Jl. Baru 1"


def test_a_cooperative_that_is_no_kdmp_moves_without_a_reason():
    cooperative = village_cooperative(RAWA_MAKMUR)

    services.cooperative_update(
        cooperative_id=cooperative.pk, data={"village_id": HANDIL_BAKTI}, by=None
    )

    assert Cooperative.objects.get(pk=cooperative.pk).village_id == HANDIL_BAKTI


def test_kdmp_status_as_of_a_date_before_the_legal_entity_and_the_unit():
    kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY], since=datetime.date(2025, 10, 1))

    assert status_of(RAWA_MAKMUR, as_of=datetime.date(2025, 7, 1)) == "none"
    assert status_of(RAWA_MAKMUR, as_of=datetime.date(2025, 8, 1)) == "formed"
    assert status_of(RAWA_MAKMUR, as_of=datetime.date(2025, 12, 31)) == "running"


@pytest.fixture
def coverage():
    kdmp_of(RAWA_MAKMUR, units=[Unit.GROCERY, Unit.OFFICE])
    kdmp_of(HANDIL_BAKTI)
    kdmp_of(BUKUAN, formed=False)
    kdmp_of(AIR_PUTIH, units=[Unit.LOGISTICS])
    kdmp_of(BUSUI)


def test_kdmp_coverage_by_subdistrict_counts_exactly(
    coverage, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = selectors.kdmp_coverage_by_subdistrict(
            scope=Scope.province(), district_id="64.72"
        )

    by_code = {row["sub_district_id"]: row for row in rows}
    palaran = by_code["64.72.01"]
    assert (palaran["sub_district_name"], palaran["district_name"]) == (
        "Palaran",
        "Kota Samarinda",
    )
    assert (palaran["villages"], palaran["formed"], palaran["running"]) == (5, 2, 1)
    assert str(palaran["share"]) == "0.4000"
    ulu = by_code["64.72.03"]
    assert (ulu["formed"], ulu["running"]) == (1, 1)
    assert {row["district_id"] for row in rows} == {"64.72"}
    samarinda_villages = Village.objects.filter(code__startswith="64.72.").count()
    assert sum(row["villages"] for row in rows) == samarinda_villages


def test_kdmp_coverage_by_district_and_totals(coverage, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = selectors.kdmp_coverage_by_district(scope=Scope.province())
    totals = selectors.kdmp_totals(rows)

    by_code = {row["district_id"]: row for row in rows}
    assert len(rows) == 10
    assert (by_code["64.72"]["formed"], by_code["64.72"]["running"]) == (3, 2)
    assert (by_code["64.01"]["formed"], by_code["64.01"]["running"]) == (1, 0)
    assert by_code["64.02"]["villages"] == 237
    assert (totals["villages"], totals["formed"], totals["running"]) == (1038, 4, 2)
    assert str(totals["share"]) == "0.0039"


def test_kdmp_coverage_in_a_districts_scope_is_that_district_only(coverage):
    rows = selectors.kdmp_coverage_by_district(scope=Scope.district("64.01"))
    villages = selectors.kdmp_village_list(scope=Scope.district("64.01"))

    assert [row["district_id"] for row in rows] == ["64.01"]
    assert not villages.filter(code=RAWA_MAKMUR).exists()
    assert villages.filter(code=BUSUI).exists()
    assert not selectors.kdmp_village_list(scope=Scope.nothing()).exists()


def test_kdmp_village_list_filters_by_status(coverage):
    running = selectors.kdmp_village_list(scope=Scope.province(), status="running")
    formed = selectors.kdmp_village_list(scope=Scope.province(), status="formed")

    assert [v.code for v in running] == [RAWA_MAKMUR, AIR_PUTIH]
    assert [v.code for v in formed] == [BUSUI, HANDIL_BAKTI]
