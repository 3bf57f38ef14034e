"""Read side of the hot registry lists: `values()` rows, their SQL compiled once
(core.page_rows), shaped by plain functions into exactly the JSON the
ModelSerializers give (tests compare the two), at a fraction of their cost
(SPEC 4: a dict-returning serializer). Writes and single objects keep the
serializers."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.page_rows import PageRows

from .. import selectors
from ..models import Cooperative
from ..nik_crypto import decrypt_nik
from ..rules import balance_warning, is_active_in
from ..validators import mask_nik


def _plain(model, names) -> list[str]:
    """Of a record's fields, those copied as they are (strings, integers,
    choices): not relations, dates or amounts, which are shaped below."""
    fields = (model._meta.get_field(name) for name in names)
    return [
        field.name
        for field in fields
        if not field.is_relation
        and not isinstance(field, models.DateField | models.DecimalField)
    ]


# Model fields copied as they are (strings, integers, choices, foreign key ids).
COOPERATIVE_PLAIN = ["id", *_plain(Cooperative, Cooperative.RECORD_FIELDS)]
ENTERPRISE_PLAIN = [
    "id",
    "nib",
    "name",
    "address",
    "kbli",
    "kbli_version",
    "employees",
    "scale",
    "scale_override",
    "scale_override_reason",
]
ANNUAL_REPORT_PLAIN = [
    "id",
    "fiscal_year",
    "members_male",
    "members_female",
    "officers",
    "supervisors",
    "employees",
    "status",
    "return_reason",
]
ANNUAL_REPORT_MONEY = [
    "own_capital",
    "external_capital",
    "assets",
    "business_volume",
    "surplus",
]


CENT = Decimal("0.01")


def money(value: Decimal | int | None) -> str | None:
    """DRF's DecimalField (COERCE_DECIMAL_TO_STRING): two places, no exponent."""
    if value is None:
        return None
    return f"{Decimal(value).quantize(CENT):f}"


def date(value) -> str | None:
    return None if value is None else value.isoformat()


def moment(value, zone=None) -> str | None:
    """DRF's DateTimeField: ISO 8601 in the current time zone, `Z` for UTC."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


_cooperative_page = PageRows(
    lambda ids: selectors.cooperative_page_rows(ids).values(
        *COOPERATIVE_PLAIN,
        "cluster__code",
        "district_id",
        "sub_district_id",
        "village_id",
        "legal_entity_date",
        "established_on",
        "last_rat_on",
        "member_count",
        "created_at",
        "updated_at",
    )
)


def cooperative_rows(ids: list[int]) -> list[dict]:
    year, zone = timezone.localdate().year, timezone.get_current_timezone()
    return [_cooperative(row, year, zone) for row in _cooperative_page(ids)]


def _cooperative(row: dict, year: int, zone) -> dict:
    last_rat_year = _year(row["last_rat_on"])
    return {
        "id": row["id"],
        "nik": row["nik"],
        "name": row["name"],
        "kind": row["kind"],
        "form": row["form"],
        "management": row["management"],
        "membership_area": row["membership_area"],
        "cluster": row["cluster__code"],
        "sector": row["sector"],
        "loop_status": row["loop_status"],
        "district": row["district_id"],
        "sub_district": row["sub_district_id"],
        "village": row["village_id"],
        "address": row["address"],
        "postal_code": row["postal_code"],
        "legal_entity_number": row["legal_entity_number"],
        "legal_entity_date": date(row["legal_entity_date"]),
        "established_on": date(row["established_on"]),
        "npwp": row["npwp"],
        "phone": row["phone"],
        "email": row["email"],
        "status": row["status"],
        "is_active": is_active_in(last_rat_year, year),
        "last_rat_year": last_rat_year,
        "last_rat_on": date(row["last_rat_on"]),
        "member_count": row["member_count"],
        "created_at": moment(row["created_at"], zone),
        "updated_at": moment(row["updated_at"], zone),
    }


def _year(day) -> int | None:
    return None if day is None else day.year


def _masked(nik_encrypted) -> str:
    return mask_nik(decrypt_nik(nik_encrypted)) if nik_encrypted else ""


_enterprise_page = PageRows(
    lambda ids: selectors.enterprise_page_rows(ids).values(
        *ENTERPRISE_PLAIN,
        "owner_name",
        "owner_nik_encrypted",
        "district_id",
        "sub_district_id",
        "village_id",
        "business_capital",
        "annual_revenue",
        "cooperative_id",
        "created_at",
        "updated_at",
    )
)


def enterprise_rows(ids: list[int]) -> list[dict]:
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "nib": row["nib"],
            "name": row["name"],
            "district": row["district_id"],
            "sub_district": row["sub_district_id"],
            "village": row["village_id"],
            "address": row["address"],
            "kbli": row["kbli"],
            "kbli_version": row["kbli_version"],
            "business_capital": money(row["business_capital"]),
            "annual_revenue": money(row["annual_revenue"]),
            "employees": row["employees"],
            "scale": row["scale"],
            "scale_override": row["scale_override"],
            "scale_override_reason": row["scale_override_reason"],
            "cooperative": row["cooperative_id"],
            "created_at": moment(row["created_at"], zone),
            "updated_at": moment(row["updated_at"], zone),
            "owner_name": row["owner_name"],
            "owner_nik": _masked(row["owner_nik_encrypted"]),
        }
        for row in _enterprise_page(ids)
    ]


_annual_report_page = PageRows(
    lambda ids: selectors.annual_report_page_rows(ids).values(
        *ANNUAL_REPORT_PLAIN,
        *ANNUAL_REPORT_MONEY,
        "cooperative_id",
        "rat_held_on",
        "district_id",
        "submitted_at",
        "verified_at",
        "created_at",
        "updated_at",
        "minutes_file",
        "financial_statements_file",
    )
)


def attachment_path(report_id: int, kind: str) -> str:
    """Where the API serves a report's PDF (to the same token, in its scope)."""
    return reverse("api:annualreport-attachment", args=[report_id, kind])


def annual_report_rows(ids: list[int]) -> list[dict]:
    zone = timezone.get_current_timezone()
    return [
        {
            "id": row["id"],
            "cooperative": row["cooperative_id"],
            "fiscal_year": row["fiscal_year"],
            "rat_held_on": date(row["rat_held_on"]),
            "members_male": row["members_male"],
            "members_female": row["members_female"],
            "officers": row["officers"],
            "supervisors": row["supervisors"],
            "employees": row["employees"],
            **{key: money(row[key]) for key in ANNUAL_REPORT_MONEY},
            "status": row["status"],
            "return_reason": row["return_reason"],
            "district": row["district_id"],
            "submitted_at": moment(row["submitted_at"], zone),
            "verified_at": moment(row["verified_at"], zone),
            "created_at": moment(row["created_at"], zone),
            "updated_at": moment(row["updated_at"], zone),
            "minutes_url": attachment_path(row["id"], "minutes")
            if row["minutes_file"]
            else None,
            "financial_statements_url": attachment_path(
                row["id"], "financial_statements"
            )
            if row["financial_statements_file"]
            else None,
            "balance_warning": balance_warning(
                assets=row["assets"],
                own_capital=row["own_capital"],
                external_capital=row["external_capital"],
            ),
        }
        for row in _annual_report_page(ids)
    ]


STATISTICS_COUNTS = [
    "total",
    "active",
    "rat_reported",
    "members",
    "members_male",
    "members_female",
]
STATISTICS_MONEY = [
    "own_capital",
    "external_capital",
    "assets",
    "business_volume",
    "surplus",
]


def statistics_rows(rows: list[dict]) -> list[dict]:
    """`selectors.cooperative_stats` rows as CooperativeStatsRowSerializer gives
    them (counts as integers, sums as decimal strings)."""
    return [
        {
            "district": row["district"],
            "district_name": row["district_name"],
            **{key: int(row[key]) for key in STATISTICS_COUNTS},
            **{key: money(row[key]) for key in STATISTICS_MONEY},
        }
        for row in rows
    ]
