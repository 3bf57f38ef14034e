"""KDMP coverage reads: each village of the caller's scope with its KDMP status
(none / formed / running, cooperatives.models.kdmp says when), and the counts the
province reports upward per kecamatan and per district (villages, formed —
running ones included —, running, and the share formed). Every read is one
query whatever the number of villages; the map layer, the portal page and the
recap use the same definitions.

`as_of` (a date) gives the state on that day: the legal entity dated by then,
the unit operating since then; None is today."""

import datetime
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)

from accounts.scope import Scope

from ..models import Cooperative, Kdmp, KdmpStatus, KdmpUnit, SubDistrict, Village

STATUSES_FORMED = (KdmpStatus.FORMED, KdmpStatus.RUNNING)


def _villages_in(scope: Scope):
    """Villages are reference data; their district is the scope's path."""
    villages = Village.objects.all()
    if scope.everything:
        return villages
    if scope.district_code:
        return villages.filter(sub_district__district_id=scope.district_code)
    return villages.none()


def _with_status(villages, as_of: datetime.date | None, *, shown: bool = False):
    """`kdmp_status` on each village: selected when `shown`, else only for
    filtering and counting."""
    formed = (
        Q(kdmp__isnull=False)
        & Q(kdmp__cooperative__status=Cooperative.Status.REGISTERED)
        & Q(kdmp__cooperative__legal_entity_number__gt="")
        & Q(kdmp__cooperative__legal_entity_date__isnull=False)
        # A cooperative that moved away no longer stands for the village.
        & Q(kdmp__cooperative__village_id=F("code"))
    )
    units = KdmpUnit.objects.filter(
        kdmp__village_id=OuterRef("pk"), unit__in=KdmpUnit.BUSINESS_UNITS
    )
    if as_of is not None:
        formed &= Q(kdmp__cooperative__legal_entity_date__lte=as_of)
        units = units.filter(operating_since__lte=as_of)
    villages = villages.alias(
        kdmp_formed=Case(
            When(formed, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        kdmp_unit_running=Exists(units),
    )
    status = Case(
        When(
            kdmp_formed=True,
            kdmp_unit_running=True,
            then=Value(KdmpStatus.RUNNING.value),
        ),
        When(kdmp_formed=True, then=Value(KdmpStatus.FORMED.value)),
        default=Value(KdmpStatus.NONE.value),
        output_field=CharField(),
    )
    if shown:
        return villages.annotate(kdmp_status=status)
    return villages.alias(kdmp_status=status)


def kdmp_village_list(
    *,
    scope: Scope,
    district_id: str | None = None,
    sub_district_id: str | None = None,
    status: str | None = None,
    as_of: datetime.date | None = None,
):
    """The villages in scope by code, each with `kdmp_status`, its kecamatan,
    its KDMP's cooperative (name, legal entity, last RAT) and operating units
    (prefetched: a page is three queries with its count)."""
    villages = _with_status(_villages_in(scope), as_of, shown=True)
    if district_id:
        villages = villages.filter(sub_district__district_id=district_id)
    if sub_district_id:
        villages = villages.filter(sub_district_id=sub_district_id)
    if status:
        villages = villages.filter(kdmp_status=status)
    return (
        villages.select_related("sub_district", "kdmp__cooperative")
        .prefetch_related(
            Prefetch("kdmp__units", queryset=KdmpUnit.objects.order_by("unit"))
        )
        .order_by("code")
    )


def _share(formed: int, villages: int) -> Decimal:
    """Formed over villages, a fraction to four places (0.2500 = 25%)."""
    if not villages:
        return Decimal(0)
    return (Decimal(formed) / Decimal(villages)).quantize(Decimal("0.0001"))


def _counted(villages, keys: list[str]) -> list[dict]:
    rows = list(
        villages.values(*keys)
        .annotate(
            villages=Count("pk"),
            formed=Count("pk", filter=Q(kdmp_status__in=STATUSES_FORMED)),
            running=Count("pk", filter=Q(kdmp_status=KdmpStatus.RUNNING)),
        )
        .order_by(*keys)
    )
    for row in rows:
        row["share"] = _share(row["formed"], row["villages"])
    return rows


def kdmp_coverage_by_subdistrict(
    *,
    scope: Scope,
    district_id: str | None = None,
    as_of: datetime.date | None = None,
) -> list[dict]:
    """Per kecamatan in scope (by district, then kecamatan code): `district_id`,
    `district_name`, `sub_district_id`, `sub_district_name`, `villages`,
    `formed`, `running`, `share` (formed / villages). One query."""
    villages = _with_status(_villages_in(scope), as_of)
    if district_id:
        villages = villages.filter(sub_district__district_id=district_id)
    rows = _counted(
        villages,
        [
            "sub_district__district_id",
            "sub_district__district__name",
            "sub_district_id",
            "sub_district__name",
        ],
    )
    return [
        {
            "district_id": row.pop("sub_district__district_id"),
            "district_name": row.pop("sub_district__district__name"),
            "sub_district_name": row.pop("sub_district__name"),
            **row,
        }
        for row in rows
    ]


def kdmp_coverage_by_district(
    *, scope: Scope, as_of: datetime.date | None = None
) -> list[dict]:
    """Per district in scope, by code: `district_id`, `district_name`,
    `villages`, `formed`, `running`, `share`. One query."""
    villages = _with_status(_villages_in(scope), as_of)
    rows = _counted(
        villages, ["sub_district__district_id", "sub_district__district__name"]
    )
    return [
        {
            "district_id": row.pop("sub_district__district_id"),
            "district_name": row.pop("sub_district__district__name"),
            **row,
        }
        for row in rows
    ]


def kdmp_totals(rows: list[dict]) -> dict:
    """The sum of coverage rows (a district's or the province's)."""
    villages = sum(row["villages"] for row in rows)
    formed = sum(row["formed"] for row in rows)
    return {
        "villages": villages,
        "formed": formed,
        "running": sum(row["running"] for row in rows),
        "share": _share(formed, villages),
    }


def kdmp_sub_district_choices(*, scope: Scope, district_id: str | None = None):
    """(code, name) of the kecamatan in scope (and in `district_id`), by name:
    the kecamatan filter of the coverage page."""
    sub_districts = SubDistrict.objects.order_by("name")
    if not scope.everything:
        district_id = scope.district_code
    if district_id:
        sub_districts = sub_districts.filter(district_id=district_id)
    return list(sub_districts.values_list("code", "name"))


def cooperative_is_kdmp(*, cooperative_id: int) -> bool:
    """Whether the cooperative is a village's KDMP (its village then moves only
    by a correction staff make with a reason)."""
    return Kdmp.objects.filter(cooperative_id=cooperative_id).exists()
