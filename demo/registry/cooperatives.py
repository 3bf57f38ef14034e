"""Demo cooperatives: their plans, annual (RAT) reports, officers and members."""

import datetime
import random

from cooperatives.models import AnnualReport, Cooperative, CooperativeRole, Person
from cooperatives.rules import first_active_rat_year

from .shape import (
    ACTIVE_SHARE,
    CLUSTER_CHOICE,
    CLUSTER_PLANS,
    DEMO_COOPERATIVE_NAME,
    DEMO_COOPERATIVE_NIK,
    DEMO_DISTRICT,
    DISTRICT_CHOICE,
    DRAFT,
    EMAIL_DOMAIN,
    FORCED_LATEST,
    KINDS,
    LATEST_ACTIVE_CHOICE,
    LATEST_INACTIVE_CHOICE,
    PESANTREN,
    POPULATION,
    POSITIONS,
    POSTAL_PREFIX,
    RETURN_REASONS,
    RETURNED,
    ROLES,
    STALLED_CHOICE,
    STALLED_SHARE,
    VERIFIED,
    VERIFIED_SHARE,
    VILLAGES,
    CooperativePlan,
    Region,
    _address,
    _aware,
    _date_between,
    _maybe,
    _mobile,
    _person,
    _rupiah,
    _two_words,
)

# --- Cooperatives and their reports ---------------------------------------------


def _cooperative_name(rng: random.Random, code: str, fields: dict) -> str:
    pattern = rng.choice(CLUSTER_PLANS[code][3])
    sharia = fields["management"] == Cooperative.Management.SHARIA
    if sharia and fields["kind"] == KINDS.SAVINGS_AND_LOAN:
        pattern = rng.choice(["KSPPS {w}", "Koperasi Syariah {w}", "BMT {w}"])
    words, village = _two_words(rng), rng.choice(VILLAGES)
    return pattern.format(w=words, v=village, p=rng.choice(PESANTREN))


def _legal_entity(rng: random.Random, today: datetime.date) -> dict:
    established = _date_between(
        rng, datetime.date(1978, 1, 1), datetime.date(today.year - 3, 1, 1)
    )
    year = established.year
    if year >= 2018:  # SABH / AHU online
        number = f"AHU-{rng.randint(1, 9_999_999):07d}.AH.01.26.TAHUN {year}"
    else:
        number = f"518/{rng.randint(1, 999)}/BH/XVI/{rng.randint(1, 12)}/{year}"
    return {
        "established_on": established,
        "legal_entity_date": established + datetime.timedelta(rng.randint(0, 180)),
        "legal_entity_number": number,
    }


def _classification(rng: random.Random, code: str) -> dict:
    _weight, kinds, sector, _patterns = CLUSTER_PLANS[code]
    kind = rng.choice(kinds)
    savings = kind == KINDS.SAVINGS_AND_LOAN
    sharia = code == "kopontren" or rng.random() < (0.25 if savings else 0.03)
    Management, Form = Cooperative.Management, Cooperative.Form
    Area, Loop = Cooperative.MembershipArea, Cooperative.LoopStatus
    return {
        "kind": kind,
        "sector": sector,
        "management": Management.SHARIA if sharia else Management.CONVENTIONAL,
        "form": Form.SECONDARY if rng.random() < 0.02 else Form.PRIMARY,
        "membership_area": Area.PROVINCE if rng.random() < 0.05 else Area.DISTRICT,
        "loop_status": (Loop.OPEN if rng.random() < 0.1 else Loop.CLOSED)
        if savings
        else "",
    }


def _plan_cooperative(
    rng: random.Random, index: int, region: Region, today: datetime.date
) -> CooperativePlan:
    districts = list(POPULATION)
    forced = index < 2 * len(districts)
    if forced:  # round every district: one active, one inactive
        district, active = districts[index // 2], index % 2 == 0
    else:
        district, active = DISTRICT_CHOICE.draw(rng), rng.random() < ACTIVE_SHARE
    code = CLUSTER_CHOICE.draw(rng)
    fields = _classification(rng, code)
    dissolved = not (active or forced) and rng.random() < 0.05
    sub_district = rng.choice(region.sub_districts[district])
    cooperative = Cooperative(
        nik=f"6400{index + 1:012d}",
        name=_cooperative_name(rng, code, fields),
        cluster_id=region.cluster_ids.get(code),
        district_id=district,
        sub_district_id=sub_district,
        village_id=region.village(rng, sub_district),
        address=_address(rng),
        postal_code=f"{POSTAL_PREFIX[district]}{rng.randint(11, 99)}",
        npwp=_maybe(rng, 0.6, f"0{rng.randrange(10**14, 10**15)}"),
        phone=_maybe(rng, 0.8, _mobile(rng)),
        status=Cooperative.Status.DISSOLVED
        if dissolved
        else Cooperative.Status.REGISTERED,
        **fields,
        **_legal_entity(rng, today),
    )
    big = code in ("kpri", "kopkar", "plasma", "kud")
    wealthy = big or fields["kind"] == KINDS.SAVINGS_AND_LOAN
    return CooperativePlan(
        cooperative=cooperative,
        active=active,
        members=min(6000, max(20, int(rng.lognormvariate(4.3 + 0.6 * big, 0.9)))),
        capital_per_member=rng.uniform(2e6, 12e6) if wealthy else rng.uniform(5e5, 5e6),
        growth=rng.uniform(-0.02, 0.09),
        female_share=1.0 if code == "kopwan" else rng.uniform(0.25, 0.6),
        latest_status=FORCED_LATEST[index // 2 % 5] if forced and active else None,
    )


def _demo_plan(region: Region) -> CooperativePlan:
    """The cooperative `pengurus.demo` runs: Samarinda, active, last year unfiled."""
    cooperative = Cooperative(
        nik=DEMO_COOPERATIVE_NIK,
        name=DEMO_COOPERATIVE_NAME,
        kind=KINDS.CONSUMER,
        cluster_id=region.cluster_ids.get("ksu"),
        sector="G",
        district_id=DEMO_DISTRICT,
        sub_district_id="64.72.03",
        village_id="64.72.03.1004",  # Air Putih
        address="Jl. Pahlawan No. 12, RT 05",
        postal_code="75124",
        legal_entity_number="AHU-0004521.AH.01.26.TAHUN 2019",
        legal_entity_date=datetime.date(2019, 4, 22),
        established_on=datetime.date(2019, 2, 14),
        phone="+6281250001234",
        email=f"koperasi.demo@{EMAIL_DOMAIN}",
    )
    return CooperativePlan(cooperative, True, 148, 2.5e6, 0.06, 0.55, is_demo=True)


def _report_statuses(
    rng: random.Random, plan: CooperativePlan, fiscal_years: list[int], today
) -> dict[int, str]:
    """The status of each fiscal year's report (no key: no report). An active
    cooperative has a verified RAT inside the active window; an inactive one none
    there: most of them reported until some year before it, and keep opening
    reports that are never verified."""
    latest = today.year - 1
    window = first_active_rat_year(today.year) - 1  # the RAT is held a year later
    if plan.is_demo:
        return dict.fromkeys(range(min(fiscal_years[0], window), latest), VERIFIED)
    dissolved = plan.cooperative.status == Cooperative.Status.DISSOLVED
    stopped = window - rng.randint(1, 4) if rng.random() < 0.7 else 0
    statuses = {}
    for fy in fiscal_years:
        if fy < plan.cooperative.established_on.year:
            status = None
        elif fy == latest and not dissolved:
            choice = LATEST_ACTIVE_CHOICE if plan.active else LATEST_INACTIVE_CHOICE
            status = plan.latest_status or choice.draw(rng)
        elif plan.active or fy <= stopped:
            status = VERIFIED if rng.random() < VERIFIED_SHARE else None
        elif not dissolved and rng.random() < STALLED_SHARE:
            status = STALLED_CHOICE.draw(rng)
        else:
            status = None
        if status:
            statuses[fy] = status
    if plan.active and not any(
        status == VERIFIED and fy >= window for fy, status in statuses.items()
    ):
        statuses[max([fy for fy in fiscal_years if fy < latest] or [latest])] = VERIFIED
    return statuses


def _report(
    rng: random.Random, plan: CooperativePlan, fiscal_year: int, status: str, ctx
) -> AnnualReport:
    start, today = datetime.date(fiscal_year + 1, 1, 10), ctx["today"]
    rat = _date_between(rng, start, min(today, start.replace(month=6, day=28)))
    if rat > today:  # too early in the year: the meeting has not been held yet
        rat, status = None, DRAFT
    elif status == DRAFT and rng.random() < 0.5:
        rat = None
    factor = (1 + plan.growth) ** (fiscal_year - today.year + 1)
    members = max(20, round(plan.members * factor))
    female = round(members * plan.female_share)
    own = _rupiah(plan.capital_per_member * members)
    external = _rupiah(float(own) * rng.uniform(0.05, 1.2))
    volume = float(own + external) * rng.uniform(0.4, 2.5)
    submitted = verified = None
    if rat and status != DRAFT:
        submitted = min(
            ctx["now"], _aware(rat) + datetime.timedelta(rng.randint(5, 40))
        )
    if status == VERIFIED:
        verified = min(ctx["now"], submitted + datetime.timedelta(rng.randint(3, 30)))
    cooperative = plan.cooperative
    return AnnualReport(
        cooperative_id=cooperative.pk,
        fiscal_year=fiscal_year,
        rat_held_on=rat,
        members_male=members - female,
        members_female=female,
        officers=rng.randint(3, 5),
        supervisors=3,
        employees=rng.randint(0, max(1, members // 40)),
        own_capital=own,
        external_capital=external,
        assets=own + external,
        business_volume=_rupiah(volume),
        surplus=_rupiah(volume * rng.uniform(-0.015, 0.07)),
        status=status,
        return_reason=rng.choice(RETURN_REASONS) if status == RETURNED else "",
        submitted_at=submitted,
        verified_at=verified,
        verified_by_id=ctx["staff_id"] if verified else None,
        district_id=cooperative.district_id,
        cooperative_name=cooperative.name if verified else "",
        cooperative_kind=cooperative.kind if verified else "",
    )


def _roles(rng, plan: CooperativePlan, used: set[str], today) -> list[CooperativeRole]:
    """Officers, supervisors, perhaps a manager and a few members, each a new
    person (kept unsaved on `role.person`)."""
    cooperative = plan.cooperative
    earliest = max(cooperative.established_on, datetime.date(today.year - 5, 1, 1))
    term = _date_between(rng, earliest, datetime.date(today.year, 1, 1))
    officers = [POSITIONS.SECRETARY, POSITIONS.TREASURER]
    if not plan.is_demo:  # the demo chair is the demo account's person
        officers.insert(0, POSITIONS.CHAIR)
    slots = [(ROLES.OFFICER, position, term) for position in officers]
    slots += [(ROLES.SUPERVISOR, "", term)] * 3
    if plan.members > 150 or rng.random() < 0.2:
        slots.append((ROLES.MANAGER, "", term))
    slots += [(ROLES.MEMBER, "", cooperative.established_on)] * rng.randint(2, 5)
    roles = []
    for role, position, starts_on in slots:
        woman = plan.female_share == 1.0 or rng.random() < 0.35
        sex = Person.Sex.FEMALE if woman else Person.Sex.MALE
        person = _person(rng, cooperative.sub_district_id, used, sex)
        roles.append(
            CooperativeRole(
                person=person,
                person_name=person.name,
                person_phone=person.phone,
                person_email=person.email,
                cooperative=cooperative,
                role=role,
                position=position,
                starts_on=starts_on,
            )
        )
    return roles
