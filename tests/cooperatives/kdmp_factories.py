"""KDMP test data: a village's cooperative marked as its KDMP, through the
services, formed (with a legal entity) or not, with units operating."""

import datetime

from cooperatives import services
from cooperatives.models import Kdmp
from tests.factories import CooperativeFactory, district

FORMED_ON = datetime.date(2025, 7, 12)


def village_cooperative(village_code: str, *, formed: bool = True, **kwargs):
    defaults = {
        "district": district(village_code[:5]),
        "sub_district_id": village_code[:8],
        "village_id": village_code,
        "legal_entity_number": "AHU-0012345.AH.01.29.TAHUN 2025" if formed else "",
        "legal_entity_date": FORMED_ON if formed else None,
    }
    return CooperativeFactory(**{**defaults, **kwargs})


def kdmp_of(
    village_code: str, *, formed: bool = True, units=(), since=FORMED_ON, **kwargs
) -> Kdmp:
    cooperative = village_cooperative(village_code, formed=formed, **kwargs)
    kdmp = services.kdmp_create(
        data={"cooperative": cooperative, "village_id": village_code}
    )
    for unit in units:
        services.kdmp_unit_create(
            data={"kdmp": kdmp, "unit": unit, "operating_since": since}
        )
    return kdmp
