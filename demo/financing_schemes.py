"""The demo's financing schemes: the province's revolving funds and the banks'
KUR, with their budgets for the year, the districts a regency's fund serves,
the KUR rules (the 6-7-8-9% access ladder, the access cap of KUR Mikro) and the
documents each scheme requires (`domain.md` §4).

A fresh database has no schemes: they are catalogue data that staff keep in the
admin, and the demo is what puts real-looking ones in. So the demo sets every
rule itself; the data migration financing 0018 sets the same rules on schemes
staff created before those rules existed (matched by their names and codes)."""

import datetime
from decimal import Decimal

from financing.models import DocumentKind, Scheme, SchemeBudget

JUTA = Decimal(1_000_000)
SCHEMES = [
    {
        "code": "lpdb-dana-bergulir",
        "name": "Dana Bergulir LPDB-KUMKM",
        "partner": "LPDB-KUMKM",
        "description": "Pinjaman dana bergulir untuk koperasi aktif, bunga menurun.",
        "annual_rate": Decimal("3.00"),
        "method": Scheme.Method.DECLINING,
        "min_amount": 50 * JUTA,
        "max_amount": 2_000 * JUTA,
        "max_tenor_months": 48,
        "grace_months": 3,
        "grace_kind": Scheme.GraceKind.INTEREST_ONLY,
        "for_cooperatives": True,
        "for_enterprises": False,
        "requires_active_cooperative": True,
        "required_documents": [
            DocumentKind.LEGAL_DEED,
            DocumentKind.FINANCIAL_REPORT,
            DocumentKind.PROPOSAL,
        ],
    },
    {
        "code": "kur-mikro",
        "decided_by": Scheme.DecidedBy.PARTNER,
        "name": "KUR Mikro",
        "partner": "Bankaltimtara",
        "description": "Kredit Usaha Rakyat untuk usaha mikro dan kecil.",
        "annual_rate": Decimal("6.00"),
        "method": Scheme.Method.ANNUITY,
        "min_amount": 10 * JUTA,
        "max_amount": 100 * JUTA,
        "max_tenor_months": 60,
        "max_tenor_working_capital_months": 36,
        "max_tenor_investment_months": 60,
        "is_kur": True,
        "rate_ladder": [Decimal(6), Decimal(7), Decimal(8), Decimal(9)],
        "max_accesses": 2,
        "max_accesses_production": 4,
        "required_documents": [
            DocumentKind.ID_CARD,
            DocumentKind.FAMILY_CARD,
            DocumentKind.BUSINESS_LICENCE,
        ],
        "for_cooperatives": False,
        "for_enterprises": True,
        "allowed_scales": ["micro", "small"],
        "min_business_age_months": 6,
    },
    {
        "code": "kur-super-mikro",
        "decided_by": Scheme.DecidedBy.PARTNER,
        "name": "KUR Super Mikro",
        "partner": "Bankaltimtara",
        "description": "Kredit Usaha Rakyat sampai Rp10 juta untuk usaha mikro.",
        "annual_rate": Decimal("3.00"),
        "method": Scheme.Method.ANNUITY,
        "min_amount": 1 * JUTA,
        "max_amount": 10 * JUTA,
        "max_tenor_months": 36,
        "is_kur": True,
        "for_cooperatives": False,
        "for_enterprises": True,
        "allowed_scales": ["micro"],
        "min_business_age_months": 6,
        "required_documents": [
            DocumentKind.ID_CARD,
            DocumentKind.FAMILY_CARD,
            DocumentKind.BUSINESS_LICENCE,
        ],
    },
    {
        "code": "dana-bergulir-ppu",
        "name": "Dana Bergulir Penajam Paser Utara",
        "partner": "BPR Ibadurrahman",
        "description": "Dana bergulir daerah, bunga flat, masa tenggang tanpa angsuran.",
        "annual_rate": Decimal("6.00"),
        "method": Scheme.Method.FLAT,
        "min_amount": 5 * JUTA,
        "max_amount": 50 * JUTA,
        "max_tenor_months": 24,
        "grace_months": 2,
        "grace_kind": Scheme.GraceKind.FULL,
        "for_cooperatives": True,
        "for_enterprises": True,
        "required_documents": [
            DocumentKind.ID_CARD,
            DocumentKind.BUSINESS_LICENCE,
            DocumentKind.PROPOSAL,
        ],
    },
    {
        "code": "kredit-bunga-nol",
        "decided_by": Scheme.DecidedBy.PARTNER,
        "name": "Kredit Bunga 0% UMKM",
        "partner": "Bankaltimtara",
        "description": "Kredit tanpa bunga dengan rekomendasi dinas.",
        "annual_rate": Decimal("0.00"),
        "method": Scheme.Method.FLAT,
        "min_amount": 25 * JUTA,
        "max_amount": 50 * JUTA,
        "max_tenor_months": 24,
        "for_cooperatives": False,
        "for_enterprises": True,
        "is_open": False,
    },
]
# Regional programmes are for their own district's applicants (domain.md §4.3).
SCHEME_DISTRICTS = {"dana-bergulir-ppu": ["64.09"], "kredit-bunga-nol": ["64.01"]}
BUDGETS = {
    "lpdb-dana-bergulir": 20_000,
    "kur-mikro": 5_000,
    "kur-super-mikro": 1_000,
    "dana-bergulir-ppu": 2_000,
}


def seed_schemes(today: datetime.date) -> dict[str, Scheme]:
    schemes = {}
    for values in SCHEMES:
        values = dict(values)
        code = values.pop("code")
        schemes[code], _ = Scheme.objects.update_or_create(code=code, defaults=values)
        schemes[code].districts.set(SCHEME_DISTRICTS.get(code, []))
    for code, ceiling in BUDGETS.items():
        SchemeBudget.objects.get_or_create(
            scheme=schemes[code], year=today.year, defaults={"ceiling": ceiling * JUTA}
        )
    return schemes
