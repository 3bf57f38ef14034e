"""Demo data for the registry (SPEC 6.3, `manage.py seed_demo`): Kalimantan Timur
cooperatives with their annual (RAT) reports, officers and members, SMEs of every
scale with their owners, and the three demo accounts.

Deterministic and idempotent. Every draw comes from a `random.Random` seeded with
the caller's seed, and every row has a natural key (cooperative NIK, NIB, person
NIK, cooperative + fiscal year, the open term of a role), so a second run with the
same arguments inserts nothing. Rows go in with `bulk_create` in batches; what
`save()` or the services would derive (`Enterprise.scale`, `Cooperative.last_rat_on`,
the snapshot of a verified report) is set here by the same rules.

Shape: districts weighted by population (domain.md 1.1); about half of the
cooperatives active, as in Kaltim (domain.md 6.2); the first cooperatives and
enterprises go round every district, so that even a small run has active and
inactive cooperatives and SMEs of every scale in each district.
"""

import contextlib
import datetime
import gc
import itertools
import math
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from cooperatives.models import (
    AnnualReport,
    Cluster,
    Cooperative,
    CooperativeRole,
    Enterprise,
    Person,
    SubDistrict,
)
from cooperatives.rules import first_active_rat_year, sme_scale

PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 (the variable's name)
DEFAULT_PASSWORD = "kukm-demo-2026"  # noqa: S105 (public demo password, SPEC 6.3)
EMAIL_DOMAIN = "kukm.example.id"
DEMO_DISTRICT = "64.72"
DEMO_COOPERATIVE_NAME = "Koperasi Demo Sejahtera"
DEMO_COOPERATIVE_NIK = "6472999900000001"
DEMO_OFFICER_NIK = "6472035508850001"  # Samarinda Ulu, a woman born 15-08-1985
BATCH_SIZE = 5000
ACTIVE_SHARE = 0.55  # Kaltim, end of 2021: 50.5% (domain.md 6.2)

KINDS = Cooperative.Kind
SCALES = Enterprise.Scale
ROLES = CooperativeRole.Role
POSITIONS = CooperativeRole.Position
VERIFIED, SUBMITTED = AnnualReport.Status.VERIFIED, AnnualReport.Status.SUBMITTED
RETURNED, DRAFT = AnnualReport.Status.RETURNED, AnnualReport.Status.DRAFT

# fmt: off
# domain.md table 1.1 (Kepmendagri 2025), and approximate postal code prefixes.
POPULATION = {
    "64.01": 309_667, "64.02": 806_964, "64.03": 299_005, "64.07": 186_581,
    "64.08": 448_850, "64.09": 202_067, "64.11": 39_715, "64.71": 757_418,
    "64.72": 881_225, "64.74": 191_811,
}
POSTAL_PREFIX = {
    "64.01": "762", "64.02": "755", "64.03": "773", "64.07": "757", "64.08": "756",
    "64.09": "761", "64.11": "757", "64.71": "761", "64.72": "751", "64.74": "753",
}
# Cluster code: (weight, kinds, KBLI section, name patterns). In the patterns {w}
# is two words, {v} a village, {p} a pesantren.
CLUSTER_PLANS = {
    "ksu": (30, [KINDS.CONSUMER, KINDS.SERVICES], "G", ["Koperasi Serba Usaha {w}", "KSU {w}"]),
    "ksp": (6, [KINDS.SAVINGS_AND_LOAN], "K", ["Koperasi Simpan Pinjam {w}", "KSP {w}"]),
    "kud": (8, [KINDS.PRODUCER, KINDS.MARKETING], "A", ["KUD {w}", "Koperasi Unit Desa {w}"]),
    "kopkar": (8, [KINDS.CONSUMER, KINDS.SAVINGS_AND_LOAN], "G", ["Kopkar {w}", "Koperasi Karyawan {w}"]),
    "kpri": (7, [KINDS.CONSUMER, KINDS.SAVINGS_AND_LOAN], "K", ["KPRI {w}"]),
    "kopwan": (5, [KINDS.SAVINGS_AND_LOAN, KINDS.CONSUMER], "K", ["Kopwan {w}", "Koperasi Wanita {w}"]),
    "plasma": (7, [KINDS.PRODUCER], "A", ["Koperasi Plasma {w}", "Koperasi Sawit {w}"]),
    "perkebunan": (4, [KINDS.PRODUCER], "A", ["Koperasi Perkebunan {w}"]),
    "pertanian": (3, [KINDS.PRODUCER], "A", ["Koperasi Tani {w}"]),
    "perikanan": (3, [KINDS.PRODUCER, KINDS.MARKETING], "A", ["Koperasi Nelayan {w}"]),
    "koppas": (2, [KINDS.MARKETING, KINDS.SERVICES], "G", ["Koperasi Pasar {w}"]),
    "kopontren": (2, [KINDS.CONSUMER], "G", ["Kopontren {p}"]),
    "kdmp": (8, [KINDS.CONSUMER], "G", ["Koperasi Desa Merah Putih {v}", "Koperasi Kelurahan Merah Putih {v}"]),
    "kopinkra": (1, [KINDS.PRODUCER], "C", ["Kopinkra {w}"]),
    "profesi": (1, [KINDS.SERVICES], "S", ["Koperasi Jasa {w}"]),
    "lainnya": (3, [KINDS.SERVICES, KINDS.PRODUCER], "H", ["Koperasi {w}", "Koperasi Angkutan {w}"]),
}
# KBLI 2020 codes of domain.md 3.3: (weight among Kaltim SMEs, trade and food
# first; name patterns, {o} being the owner's first name).
KBLI_PLANS = {
    "47111": (40, ["Toko {o}", "Toko Kelontong {w}", "Warung Sembako {o}"]),
    "56102": (12, ["Warung Makan {o}", "Rumah Makan {w}", "Warung Nasi Kuning {o}"]),
    "56103": (6, ["Kedai Kopi {w}", "Kedai {o}"]),
    "56101": (4, ["Restoran {w}", "Rumah Makan Khas Banjar {w}"]),
    "10794": (8, ["Amplang {w}", "Kerupuk Ikan {w}", "Keripik Pisang {o}"]),
    "10710": (5, ["Toko Roti {w}", "Kue Bingka {o}"]),
    "10750": (4, ["Dapur {o}", "Katering {w}"]),
    "10722": (1, ["Gula Aren {w}"]),
    "13134": (1, ["Batik {w}"]),
    "13122": (1, ["Sarung Tenun Samarinda {o}"]),
    "16293": (1, ["Ukiran Dayak {w}", "Kerajinan Kayu {w}"]),
    "16291": (1, ["Anyaman Rotan {w}"]),
    "01262": (5, ["Kebun Sawit {o}", "Perkebunan Sawit {w}"]),
    "01291": (2, ["Kebun Karet {o}"]),
    "03111": (4, ["Nelayan {w}", "UD Hasil Laut {w}"]),
    "01122": (3, ["Tani Padi {w}", "Usaha Tani {o}"]),
}
SCALE_SHARES = {SCALES.MICRO: 90, SCALES.SMALL: 7, SCALES.MEDIUM: 2, SCALES.LARGE: 1}
# Bands (rupiah) strictly inside the PP 7/2021 classes, and employees per scale.
REVENUE_BANDS = {
    SCALES.MICRO: (30e6, 1.99e9), SCALES.SMALL: (2.02e9, 14.9e9),
    SCALES.MEDIUM: (15.1e9, 49.5e9), SCALES.LARGE: (50.5e9, 250e9),
}
CAPITAL_BANDS = {
    SCALES.MICRO: (5e6, 0.99e9), SCALES.SMALL: (1.01e9, 4.95e9),
    SCALES.MEDIUM: (5.05e9, 9.9e9), SCALES.LARGE: (10.1e9, 60e9),
}
EMPLOYEES = {
    SCALES.MICRO: (1, 4), SCALES.SMALL: (5, 19), SCALES.MEDIUM: (20, 99),
    SCALES.LARGE: (100, 600),
}
# Status of last fiscal year's report (None: not filed yet).
LATEST_STATUS_ACTIVE = {VERIFIED: 60, SUBMITTED: 12, RETURNED: 5, DRAFT: 8, None: 15}
LATEST_STATUS_INACTIVE = {None: 20, DRAFT: 45, SUBMITTED: 15, RETURNED: 20}
# An inactive cooperative mostly keeps opening its yearly report in the portal after
# it stopped holding RATs, but the report is never verified (so it stays inactive).
# With the filing rates below, 10,000 cooperatives over 5 years give ~46,000 reports
# (SPEC section 4 sizes its benchmarks at 50,000).
STALLED_STATUS = {DRAFT: 50, RETURNED: 35, SUBMITTED: 15}
STALLED_SHARE = 0.95
VERIFIED_SHARE = 0.97  # an active cooperative's RAT reported and verified
# ... and for the active cooperatives that go round the districts: every status.
FORCED_LATEST = [VERIFIED, SUBMITTED, RETURNED, DRAFT, VERIFIED]
RETURN_REASONS = [
    "Neraca tidak seimbang: aset tidak sama dengan modal sendiri ditambah modal luar.",
    "Daftar hadir dan berita acara RAT belum dilampirkan.",
    "Jumlah anggota tidak sesuai dengan buku daftar anggota.",
    "SHU berbeda dengan laporan perhitungan hasil usaha.",
]
WORDS_A = [
    "Mahakam", "Sumber", "Karya", "Bina", "Tunas", "Sinar", "Harapan", "Mitra", "Bumi",
    "Borneo", "Etam", "Benua", "Bahari", "Maju", "Sepakat", "Rukun", "Cahaya", "Berkah",
    "Amanah", "Bangun", "Putra", "Gerbang", "Kutai", "Lamin", "Pesut", "Enggang",
    "Tepian", "Usaha", "Tani", "Mekar",
]
WORDS_B = [
    "Jaya", "Rejeki", "Bersama", "Mandiri", "Sejahtera", "Makmur", "Lestari", "Abadi",
    "Sentosa", "Utama", "Mulia", "Sakti", "Baru", "Indah", "Raya", "Permai", "Bahagia",
    "Gemilang",
]
PESANTREN = ["Al Hikmah", "Nurul Huda", "Darul Ulum", "Al Ikhlas", "Hidayatullah", "Al Falah"]
VILLAGES = [
    "Sidomulyo", "Sumber Sari", "Karya Jaya", "Mekar Sari", "Bukit Harapan",
    "Suka Damai", "Purwajaya", "Margahayu", "Sungai Merdeka", "Teluk Dalam",
    "Tanjung Laut", "Sukarame", "Rapak Dalam", "Loa Duri",
]
STREETS = [
    "Pahlawan", "Jenderal Sudirman", "Ahmad Yani", "Gatot Subroto", "Pangeran Antasari",
    "Juanda", "Diponegoro", "Mulawarman", "Imam Bonjol", "KH. Wahid Hasyim", "Poros",
    "Cendana", "Merdeka", "Slamet Riyadi", "M.T. Haryono", "Soekarno Hatta",
    "Kesuma Bangsa", "Pramuka",
]
MALE_NAMES = [
    "Ahmad", "Muhammad", "Budi", "Agus", "Rahmat", "Syahrul", "Andi", "Hendra", "Joko",
    "Slamet", "Rudi", "Yusuf", "Irwan", "Fajar", "Arif", "Dedi", "Abdul", "Ridwan",
    "Samsul", "Bambang", "Heri", "Wahyu", "Eko", "Hasan", "Iwan", "Taufik", "Rizal",
    "Anwar", "Jumadi", "Gusti",
]
FEMALE_NAMES = [
    "Siti", "Nur", "Sri", "Dewi", "Rina", "Fitri", "Aminah", "Rahmah", "Yuliana",
    "Ratna", "Wati", "Nurhayati", "Rosita", "Indah", "Sulastri", "Mariani", "Halimah",
    "Kartini", "Ani", "Rusmini", "Hairani", "Norjanah", "Masitah", "Suriani", "Erna",
    "Lina", "Maya", "Yanti",
]
SHARED_SURNAMES = ["Noor", "Syahrani", "Tanjung", "Lawing", "Ajang", "Bilung"]
MALE_SURNAMES = [
    *SHARED_SURNAMES, "Saputra", "Hidayat", "Santoso", "Wijaya", "Pratama",
    "Setiawan", "Nugroho", "Kurniawan", "Hamid", "Rahman", "Syamsuddin", "Baharuddin", "Ibrahim", "Ismail",
    "Sulaiman", "Effendi", "Gunawan", "Hakim", "Firdaus", "Ramadhan", "Hasanuddin",
]
FEMALE_SURNAMES = [
    *SHARED_SURNAMES, "Wulandari", "Lestari", "Sari", "Handayani", "Rahayu",
    "Hasanah", "Yuliani", "Safitri", "Anggraini", "Puspitasari", "Rahmawati",
]
MOBILE_PREFIXES = ["811", "812", "813", "821", "852", "853", "877"]
# fmt: on


class Weighted:
    """A weighted choice whose cumulative weights are computed once."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


DISTRICT_CHOICE = Weighted(POPULATION)
CLUSTER_CHOICE = Weighted({code: plan[0] for code, plan in CLUSTER_PLANS.items()})
KBLI_CHOICE = Weighted({code: plan[0] for code, plan in KBLI_PLANS.items()})
SCALE_CHOICE = Weighted(SCALE_SHARES)
LATEST_ACTIVE_CHOICE = Weighted(LATEST_STATUS_ACTIVE)
LATEST_INACTIVE_CHOICE = Weighted(LATEST_STATUS_INACTIVE)
STALLED_CHOICE = Weighted(STALLED_STATUS)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    description: str  # printed by `demo_logins`
    is_staff: bool = False
    district_code: str | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


STAFF = DemoAccount(
    "staf.demo", User.Role.STAFF, "staf dinas provinsi (admin)", is_staff=True
)
OFFICER = DemoAccount(
    "pengurus.demo", User.Role.OFFICER, f"pengurus {DEMO_COOPERATIVE_NAME}"
)
DISTRICT = DemoAccount(
    "dinas.samarinda",
    User.Role.DISTRICT,
    "staf dinas Kota Samarinda",
    district_code=DEMO_DISTRICT,
)
DEMO_ACCOUNTS = (STAFF, OFFICER, DISTRICT)


def demo_password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


@dataclass
class CooperativePlan:
    """A cooperative to insert, with the profile its reports and roles follow."""

    cooperative: Cooperative
    active: bool
    members: int
    capital_per_member: float
    growth: float
    female_share: float
    latest_status: str | None = None  # last year's report, drawn when None
    is_demo: bool = False


@dataclass(frozen=True)
class Region:
    """The kecamatan as loaded (district code -> [codes]) and cluster ids by code."""

    sub_districts: dict
    cluster_ids: dict

    @classmethod
    def load(cls) -> "Region":
        sub_districts = defaultdict(list)
        rows = SubDistrict.objects.order_by("code").values_list("code", "district_id")
        for code, district in rows:
            sub_districts[district].append(code)
        clusters = dict(Cluster.objects.values_list("code", "pk"))
        return cls(sub_districts=dict(sub_districts), cluster_ids=clusters)


# --- Values -----------------------------------------------------------------------


def _rupiah(amount: float) -> Decimal:
    """Whole rupiah, rounded to the thousand as reports are written."""
    return Decimal(round(amount / 1000) * 1000)


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _maybe(rng: random.Random, share: float, value):
    return value if rng.random() < share else type(value)()


def _two_words(rng: random.Random) -> str:
    return f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)}"


def _mobile(rng: random.Random) -> str:
    return f"+62{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7, 10**8)}"


def _address(rng: random.Random) -> str:
    street, number = rng.choice(STREETS), rng.randint(1, 250)
    return f"Jl. {street} No. {number}, RT {rng.randint(1, 45):02d}"


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date):
    """A day from start to end (start itself when end comes first)."""
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(9), tzinfo=timezone.get_current_timezone()
    )


def _person(rng: random.Random, sub_district: str, used: set[str], sex: str) -> Person:
    """A person first registered in `sub_district`, with a valid NIK not used
    before: PPKKCC DDMMYY NNNN, the day plus 40 for women (domain.md 3.4)."""
    female = sex == Person.Sex.FEMALE
    birth = _date_between(rng, datetime.date(1955, 1, 1), datetime.date(2004, 12, 31))
    born = f"{birth.day + 40 * female:02d}{birth.month:02d}{birth.year % 100:02d}"
    prefix = sub_district.replace(".", "") + born
    serial = rng.randint(1, 3000)
    while f"{prefix}{serial:04d}" in used:
        serial = serial % 9999 + 1
    nik = f"{prefix}{serial:04d}"
    used.add(nik)
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    last = rng.choice(FEMALE_SURNAMES if female else MALE_SURNAMES)
    phone = _maybe(rng, 0.7, _mobile(rng))
    return Person(nik=nik, name=f"{first} {last}", sex=sex, phone=phone)


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
    cooperative = Cooperative(
        nik=f"6400{index + 1:012d}",
        name=_cooperative_name(rng, code, fields),
        cluster_id=region.cluster_ids.get(code),
        district_id=district,
        sub_district_id=rng.choice(region.sub_districts[district]),
        village=rng.choice(VILLAGES),
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
        village="Air Putih",
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
        village=rng.choice(VILLAGES),
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


# --- Writing ----------------------------------------------------------------------


def _insert(model, rows: list) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _upsert_by(model, key: str, rows: list) -> None:
    """Insert the new rows and give every row the id it has in the table: a row
    that exists keeps its values (only its key is "updated", to itself)."""
    model.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[key],
        update_fields=[key],
    )


def _analyze(*models) -> None:
    """Fresh planner statistics after a bulk load, for the queries that follow."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _refresh_last_rat(cooperative_ids: list[int]) -> None:
    """`last_rat_on` from the verified reports, in one statement for all of them
    (what services.cooperative_refresh_rat_status does for one)."""
    last_rat = (
        AnnualReport.objects.verified()
        .filter(cooperative=OuterRef("pk"))
        .values("cooperative")
        .annotate(last=Max("rat_held_on"))
        .values("last")
    )
    Cooperative.objects.filter(pk__in=cooperative_ids).update(
        last_rat_on=Subquery(last_rat)
    )


def _user(account: DemoAccount, password: str) -> User:
    user, _created = User.objects.get_or_create(username=account.username)
    user.email = account.email
    user.role = account.role
    user.is_staff = user.is_superuser = account.is_staff
    user.district_id = account.district_code
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _link_demo_officer(user: User, cooperative: Cooperative, today) -> None:
    """`pengurus.demo` chairs the demo cooperative through its person's role."""
    person, _created = Person.objects.get_or_create_by_nik(
        DEMO_OFFICER_NIK, name="Siti Rahmawati", sex=Person.Sex.FEMALE
    )
    if person.user_id != user.pk or person.email != user.email:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user, person.email = user, user.email
        person.save(update_fields=["user", "email"])
    CooperativeRole.objects.get_or_create(
        person=person,
        cooperative=cooperative,
        role=ROLES.OFFICER,
        ends_on=None,
        defaults={
            "position": POSITIONS.CHAIR,
            "starts_on": datetime.date(today.year - 1, 3, 20),
        },
    )


def _counts(today: datetime.date) -> dict[str, int]:
    active = Cooperative.objects.registered().active_in(today.year)
    return {
        "koperasi": Cooperative.objects.count(),
        "koperasi aktif": active.count(),
        "laporan RAT": AnnualReport.objects.count(),
        "UMKM": Enterprise.objects.count(),
        "orang": Person.objects.count(),
        "peran di koperasi": CooperativeRole.objects.count(),
    }


def _seed_cooperatives(rng, count: int, region: Region, today) -> list:
    plans = [_demo_plan(region)]
    plans += [_plan_cooperative(rng, i, region, today) for i in range(count)]
    _upsert_by(Cooperative, "nik", [plan.cooperative for plan in plans])
    return plans


def _seed_reports(rng, plans: list, years: int, staff: User, today) -> None:
    fiscal_years = list(range(today.year - years, today.year))
    ctx = {"today": today, "now": timezone.now(), "staff_id": staff.pk}
    reports = [
        _report(rng, plan, fy, status, ctx)
        for plan in plans
        for fy, status in _report_statuses(rng, plan, fiscal_years, today).items()
    ]
    _insert(AnnualReport, reports)
    _analyze(AnnualReport)
    _refresh_last_rat([plan.cooperative.pk for plan in plans])


def _seed_roles(rng, plans: list, used: set[str], today) -> None:
    roles = [role for plan in plans for role in _roles(rng, plan, used, today)]
    _upsert_by(Person, "nik_hash", [role.person for role in roles])
    # bulk_create takes each person's and cooperative's id from the related object.
    _insert(CooperativeRole, roles)


def _seed_enterprises(rng, count: int, plans: list, used: set[str], region) -> None:
    """In chunks, so that memory stays flat however many are asked for."""
    by_district = _cooperatives_by_district(plans)
    for start in range(0, count, BATCH_SIZE):
        stop = min(count, start + BATCH_SIZE)
        firms = [_enterprise(rng, i, region, used) for i in range(start, stop)]
        _upsert_by(Person, "nik_hash", [firm.owner for firm in firms])
        members = _join_cooperatives(rng, firms, by_district)
        _insert(Enterprise, firms)
        _insert(CooperativeRole, members)


@contextlib.contextmanager
def _collector_paused():
    """Hundreds of thousands of short-lived model instances, none in a reference
    cycle: the cyclic garbage collector would only take a fifth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
@transaction.atomic
def seed_registry(
    *, cooperatives: int, enterprises: int, years: int, seed: int, password: str
) -> dict[str, int]:
    """Insert the demo registry and accounts; returns the row counts after."""
    today = timezone.localdate()
    region = Region.load()
    users = {account: _user(account, password) for account in DEMO_ACCOUNTS}
    rng = random.Random(f"{seed}:cooperatives")  # noqa: S311 (demo data)
    plans = _seed_cooperatives(rng, cooperatives, region, today)
    rng = random.Random(f"{seed}:reports")  # noqa: S311
    _seed_reports(rng, plans, years, users[STAFF], today)
    used_niks = {DEMO_OFFICER_NIK}
    rng = random.Random(f"{seed}:roles")  # noqa: S311
    _seed_roles(rng, plans, used_niks, today)
    rng = random.Random(f"{seed}:enterprises")  # noqa: S311
    _seed_enterprises(rng, enterprises, plans, used_niks, region)
    _link_demo_officer(users[OFFICER], plans[0].cooperative, today)
    _analyze(Cooperative, Enterprise, Person, CooperativeRole)
    return _counts(today)
