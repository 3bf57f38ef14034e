"""The shape of the demo registry: how cooperatives and SMEs spread over the
districts, clusters, scales and report statuses, the words their names and
addresses are drawn from, and the draws of single values.
"""

import datetime
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cooperatives.models import (
    AnnualReport,
    Cluster,
    Cooperative,
    CooperativeRole,
    Enterprise,
    Person,
    SubDistrict,
    Village,
)

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
    """The kecamatan as loaded (district code -> [codes]), the villages
    (kecamatan code -> [codes]) and cluster ids by code."""

    sub_districts: dict
    cluster_ids: dict
    villages: dict

    @classmethod
    def load(cls) -> "Region":
        sub_districts = defaultdict(list)
        rows = SubDistrict.objects.order_by("code").values_list("code", "district_id")
        for code, district in rows:
            sub_districts[district].append(code)
        clusters = dict(Cluster.objects.values_list("code", "pk"))
        villages = defaultdict(list)
        for code in Village.objects.order_by("code").values_list("code", flat=True):
            villages[code[:8]].append(code)
        return cls(
            sub_districts=dict(sub_districts),
            cluster_ids=clusters,
            villages=dict(villages),
        )

    def village(self, rng: random.Random, sub_district: str) -> str | None:
        """A village of the kecamatan (its code), or none (a few rows)."""
        choices = self.villages.get(sub_district, [])
        return rng.choice(choices) if choices and rng.random() < 0.9 else None


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
