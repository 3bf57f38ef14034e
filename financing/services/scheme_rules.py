"""The rules of KUR and of a scheme's documents, each giving a fact
`{rule, passed, detail}` in Indonesian (services/eligibility.py runs them with
the others):

- one running KUR per applicant (a running loan or an application in progress);
- the KUR access cap (`domain.md` §4.1: KUR Mikro at most 2 accesses in
  non-production sectors, 4 in agricultural and fishery production): the
  access this application would be, counted from the applicant's earlier KUR
  loans, may not exceed the scheme's cap for the applicant's sector;
- the rate ladder's step for that access (6, 7, 8, 9% — §4.4);
- the documents the scheme requires, each uploaded before submission.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.numbers import format_number

# KBLI 2020/2025 divisions 01-03 (section A): agriculture, forestry, fishery.
PRODUCTION_KBLI_DIVISIONS = ("01", "02", "03")
PRODUCTION_SECTION = "A"


@dataclass(frozen=True)
class Fact:
    rule: str
    passed: bool | None
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def offered_rate(scheme, applicant) -> Decimal:
    """The scheme's rate for this applicant: its ladder's step for the
    applicant's access (the last step beyond it), else the scheme's rate."""
    ladder = scheme.rate_ladder
    if not ladder:
        return scheme.annual_rate
    return Decimal(ladder[min(applicant.kur_access, len(ladder)) - 1])


def one_running_kur(applicant) -> Fact:
    if applicant.running_kur:
        detail = _(
            "Pemohon masih memiliki KUR yang berjalan; KUR hanya satu per pemohon."
        )
        return Fact("one_running_kur", False, detail)
    if applicant.pending_kur:
        detail = _("Pemohon sudah mengajukan KUR lain yang sedang diproses.")
        return Fact("one_running_kur", False, detail)
    return Fact("one_running_kur", True, _("Tidak ada KUR lain yang berjalan."))


def rate_on_ladder(applicant, scheme) -> Fact:
    values = {
        "access": applicant.kur_access,
        "rate": format_number(offered_rate(scheme, applicant), places=2),
    }
    detail = _("Akses ke-%(access)s: suku bunga %(rate)s%% per tahun.")
    return Fact("rate_ladder", True, detail % values)


def in_production_sector(applicant) -> bool:
    """Agricultural, forestry or fishery production: an SME by its KBLI code,
    a cooperative by its KBLI section."""
    if applicant.enterprise is not None:
        return (applicant.enterprise.kbli or "")[:2] in PRODUCTION_KBLI_DIVISIONS
    return applicant.cooperative.sector == PRODUCTION_SECTION


def access_cap(applicant, scheme) -> Fact:
    production = in_production_sector(applicant)
    cap = (production and scheme.max_accesses_production) or scheme.max_accesses
    sector = (
        _("sektor produksi pertanian/perikanan")
        if production
        else _("sektor non-produksi")
    )
    values = {"access": applicant.kur_access, "cap": cap, "sector": sector}
    if cap is None or applicant.kur_access <= cap:
        detail = _("Akses KUR ke-%(access)s; batas %(sector)s %(cap)s akses.")
        return Fact("kur_access_cap", True, detail % values)
    detail = _(
        "Ini akan menjadi akses KUR ke-%(access)s, melebihi batas %(cap)s akses "
        "untuk %(sector)s."
    )
    return Fact("kur_access_cap", False, detail % values)


def missing_documents(application, scheme) -> Fact:
    uploaded = set(application.documents.values_list("kind", flat=True))
    labels = scheme.required_document_labels
    missing = [
        label
        for kind, label in zip(scheme.required_documents, labels, strict=True)
        if kind not in uploaded
    ]
    if missing:
        detail = _("Dokumen wajib belum diunggah: %(names)s.")
        return Fact("documents", False, detail % {"names": ", ".join(missing)})
    detail = _("Dokumen wajib lengkap: %(names)s.")
    return Fact("documents", True, detail % {"names": ", ".join(labels)})
