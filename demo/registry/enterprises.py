"""Demo SMEs of every scale, with their owners, some of them cooperative members."""

import datetime
import random
from collections import defaultdict

from django.db.models import BigIntegerField, DurationField, ExpressionWrapper, F, Value
from django.db.models.functions import Cast, Mod, Substr

from cooperatives.models import Cooperative, CooperativeRole, Enterprise, Person
from cooperatives.rules import sme_scale

from .shape import (
    CAPITAL_BANDS,
    DISTRICT_CHOICE,
    EMPLOYEES,
    KBLI_CHOICE,
    KBLI_PLANS,
    POPULATION,
    REVENUE_BANDS,
    ROLES,
    SCALE_CHOICE,
    SCALE_SHARES,
    SCALES,
    CooperativePlan,
    Region,
    _address,
    _log_uniform,
    _person,
    _rupiah,
    _two_words,
)

# --- Enterprises ------------------------------------------------------------------


def _enterprise_figures(rng: random.Random, scale: str) -> dict:
    if rng.random() < 0.12:  # sales unknown: the scale follows the capital
        revenue, capital = None, _rupiah(_log_uniform(rng, *CAPITAL_BANDS[scale]))
    else:
        revenue = _rupiah(_log_uniform(rng, *REVENUE_BANDS[scale]))
        capital = _rupiah(float(revenue) * rng.uniform(0.1, 0.6))
    return {
        "annual_revenue": revenue,
        "business_capital": capital,
        "employees": rng.randint(*EMPLOYEES[scale]),
        "scale": sme_scale(annual_revenue=revenue, business_capital=capital),
    }


def _enterprise_name(rng: random.Random, kbli: str, scale: str, owner: Person) -> str:
    if scale in (SCALES.MEDIUM, SCALES.LARGE):
        form = "PT" if scale == SCALES.LARGE or rng.random() < 0.5 else "CV"
        return f"{form} {_two_words(rng)}"
    pattern = rng.choice(KBLI_PLANS[kbli][1])
    name = pattern.format(w=_two_words(rng), o=owner.name.split()[0])
    if scale == SCALES.SMALL and rng.random() < 0.4:
        return f"{rng.choice(['UD', 'CV'])} {name}"
    return name


def _enterprise(rng, index: int, region: Region, used: set[str]) -> Enterprise:
    """An enterprise with its owner unsaved on `enterprise.owner`."""
    districts, scales = list(POPULATION), list(SCALE_SHARES)
    if index < len(districts) * len(scales):  # every scale in every district
        district = districts[index // len(scales)]
        scale = scales[index % len(scales)]
    else:
        district, scale = DISTRICT_CHOICE.draw(rng), SCALE_CHOICE.draw(rng)
    sub_district = rng.choice(region.sub_districts[district])
    sex = rng.choice([Person.Sex.MALE, Person.Sex.FEMALE])
    owner = _person(rng, sub_district, used, sex)
    kbli = KBLI_CHOICE.draw(rng)
    return Enterprise(
        nib=f"912{index + 1:010d}",
        name=_enterprise_name(rng, kbli, scale, owner),
        owner=owner,
        owner_name=owner.name,
        district_id=district,
        sub_district_id=sub_district,
        village_id=region.village(rng, sub_district),
        address=_address(rng),
        kbli=kbli,
        **_enterprise_figures(rng, scale),
    )


def _cooperatives_by_district(plans: list[CooperativePlan]) -> dict:
    by_district = defaultdict(list)
    for plan in plans:
        if plan.cooperative.status == Cooperative.Status.REGISTERED:
            by_district[plan.cooperative.district_id].append(plan.cooperative)
    return by_district


def _join_cooperatives(rng, enterprises, by_district) -> list[CooperativeRole]:
    """About one owner in seven is a member of a cooperative of their district."""
    roles = []
    for enterprise in enterprises:
        candidates = by_district.get(enterprise.district_id)
        if candidates and rng.random() < 0.15:
            cooperative = rng.choice(candidates)
            enterprise.cooperative = cooperative
            roles.append(
                CooperativeRole(
                    person=enterprise.owner,
                    person_name=enterprise.owner_name,
                    person_phone=enterprise.owner.phone,
                    person_email=enterprise.owner.email,
                    cooperative=cooperative,
                    role=ROLES.MEMBER,
                    starts_on=cooperative.established_on,
                )
            )
    return roles


# SMEs entered in the registry over the last ten years or so, evenly: the yearly
# SME recap (registered by 31 December) grows from year to year. The spread
# follows the NIB, so the same seed gives the same dates.
ENTRY_SPREAD_DAYS = 3652


def _spread_entry_dates(since: datetime.datetime) -> None:
    """Move the entry date of the SMEs inserted since `since` back into the past;
    rows that already existed (a second run) keep theirs."""
    days_back = Mod(Cast(Substr("nib", 4), BigIntegerField()) * 7919, ENTRY_SPREAD_DAYS)
    offset = ExpressionWrapper(
        Value(datetime.timedelta(days=1)) * days_back, output_field=DurationField()
    )
    Enterprise.objects.filter(created_at__gte=since, nib__isnull=False).update(
        created_at=F("created_at") - offset
    )
