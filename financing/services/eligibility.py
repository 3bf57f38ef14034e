"""Eligibility of an application for its scheme, as facts from the registry.

Each rule gives a fact `{rule, passed, detail}` in Indonesian; the facts are stored
with the application when it is submitted and again when it is approved, so the
decision shows what was checked. `passed` is None when a rule cannot be checked
(the training rule until the programs app answers it): recorded for the reviewer,
not blocking.
"""

import datetime
from decimal import Decimal
from functools import cached_property

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.models import AnnualReport, Cooperative
from core.numbers import format_rupiah

from ..conf import setting
from ..models import Application, Loan
from ..schedule import grace_problem
from .scheme_rules import (
    Fact,
    access_cap,
    missing_documents,
    offered_rate,
    one_running_kur,
    rate_on_ladder,
)

__all__ = ["Applicant", "Fact", "application_facts", "failures", "offered_rate"]

# An application in these states holds the applicant's one KUR (as a running loan).
PENDING = (
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    Application.Status.APPROVED,
)


def training_not_checkable(
    *, cooperative_id: int | None, kind: str, today, scope: Scope | None = None
) -> None:
    """The default FINANCING_TRAINING_CHECK: training records are not kept yet.

    A check returns True (an officer completed training of `kind`), False, or
    None (cannot tell); given a `scope`, only training that scope nominated them
    to counts."""


class Applicant:
    """A cooperative or an SME asking for financing, with the facts of its
    earlier financing read once (every scheme's rules share them)."""

    def __init__(
        self,
        *,
        cooperative: Cooperative | None = None,
        enterprise=None,
        business_started_on: datetime.date | None = None,
        exclude_application_id: int | None = None,
    ):
        self.cooperative = cooperative
        self.enterprise = enterprise
        self.business_started_on = business_started_on
        self.exclude_application_id = exclude_application_id

    @classmethod
    def of(cls, application) -> "Applicant":
        return cls(
            cooperative=application.cooperative if application.cooperative_id else None,
            enterprise=application.enterprise if application.enterprise_id else None,
            business_started_on=application.business_started_on,
            exclude_application_id=application.pk,
        )

    @property
    def district_id(self) -> int:
        return (self.cooperative or self.enterprise).district_id

    def _lookup(self, prefix: str = "") -> dict:
        if self.cooperative is not None:
            return {f"{prefix}cooperative": self.cooperative}
        return {f"{prefix}enterprise": self.enterprise}

    @cached_property
    def _kur_loans(self) -> list:
        """The closing date (None: running) of each earlier KUR loan."""
        loans = Loan.objects.filter(
            application__scheme__is_kur=True, **self._lookup("application__")
        ).exclude(application_id=self.exclude_application_id)
        return list(loans.values_list("closed_on", flat=True))

    @property
    def kur_access(self) -> int:
        """Which KUR access this would be: earlier KUR loans plus one."""
        return len(self._kur_loans) + 1

    @property
    def running_kur(self) -> bool:
        return any(closed_on is None for closed_on in self._kur_loans)

    @cached_property
    def pending_kur(self) -> bool:
        applications = Application.objects.filter(
            scheme__is_kur=True, status__in=PENDING, **self._lookup()
        ).exclude(pk=self.exclude_application_id)
        return applications.exists()


def months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _amount(application, scheme, amount: Decimal) -> Fact:
    limits = {
        "amount": format_rupiah(amount),
        "min": format_rupiah(scheme.min_amount),
        "max": format_rupiah(scheme.max_amount),
    }
    if scheme.min_amount <= amount <= scheme.max_amount:
        detail = _("Nominal %(amount)s dalam batas skema (%(min)s sampai %(max)s).")
        return Fact("amount", True, detail % limits)
    detail = _("Nominal %(amount)s di luar batas skema (%(min)s sampai %(max)s).")
    return Fact("amount", False, detail % limits)


def _tenor(application, scheme) -> Fact:
    limit = scheme.max_tenor_for(application.purpose)
    values = {"tenor": application.tenor_months, "max": limit}
    grace = grace_problem(application.tenor_months, scheme.grace_months)
    if grace:
        return Fact("tenor", False, grace)
    if 1 <= application.tenor_months <= limit:
        detail = _("Tenor %(tenor)s bulan tidak melebihi %(max)s bulan.")
        return Fact("tenor", True, detail % values)
    if limit < scheme.max_tenor_months:
        values["purpose"] = application.get_purpose_display().lower()
        detail = _(
            "Tenor %(tenor)s bulan melebihi tenor maksimum %(max)s bulan untuk "
            "%(purpose)s."
        )
        return Fact("tenor", False, detail % values)
    detail = _("Tenor %(tenor)s bulan melebihi tenor maksimum %(max)s bulan.")
    return Fact("tenor", False, detail % values)


def _district(applicant: Applicant, scheme) -> Fact:
    districts = list(scheme.districts.all())
    names = ", ".join(district.name for district in districts)
    if any(district.pk == applicant.district_id for district in districts):
        detail = _("Pemohon berdomisili di wilayah skema (%(names)s).")
        return Fact("district", True, detail % {"names": names})
    detail = _("Skema ini hanya untuk pemohon di %(names)s.")
    return Fact("district", False, detail % {"names": names})


def _applicant_kind(applicant: Applicant, scheme) -> Fact:
    if applicant.cooperative is not None:
        if scheme.for_cooperatives:
            return Fact("applicant_kind", True, _("Skema terbuka untuk koperasi."))
        return Fact("applicant_kind", False, _("Skema ini tidak untuk koperasi."))
    if scheme.for_enterprises:
        return Fact("applicant_kind", True, _("Skema terbuka untuk UMKM."))
    return Fact("applicant_kind", False, _("Skema ini tidak untuk UMKM."))


def _cooperative_of(applicant: Applicant) -> Cooperative | None:
    if applicant.cooperative is not None:
        return applicant.cooperative
    return applicant.enterprise.cooperative


def _registered(cooperative: Cooperative) -> Fact:
    if cooperative.status == Cooperative.Status.REGISTERED:
        return Fact("cooperative_registered", True, _("Koperasi berstatus terdaftar."))
    return Fact("cooperative_registered", False, _("Koperasi sudah dibubarkan."))


def _active(cooperative: Cooperative | None, today) -> Fact:
    if cooperative is None:
        return Fact(
            "active_cooperative", False, _("UMKM ini tidak tergabung dalam koperasi.")
        )
    if cooperative.is_active_in(today.year):
        detail = _("%(name)s aktif: RAT terakhir tahun %(year)s.")
        values = {"name": cooperative.name, "year": cooperative.last_rat_year}
        return Fact("active_cooperative", True, detail % values)
    detail = _(
        "%(name)s tidak aktif: tidak ada RAT terverifikasi dalam tiga tahun terakhir."
    )
    return Fact("active_cooperative", False, detail % {"name": cooperative.name})


def _report_last_year(cooperative: Cooperative | None, today) -> Fact:
    year = today.year - 1
    if cooperative is None:
        return Fact(
            "verified_report_last_year",
            False,
            _("UMKM ini tidak tergabung dalam koperasi."),
        )
    verified = AnnualReport.objects.verified().filter(
        cooperative=cooperative, fiscal_year=year
    )
    if verified.exists():
        detail = _("Laporan RAT tahun buku %(year)s sudah diverifikasi.")
        return Fact("verified_report_last_year", True, detail % {"year": year})
    detail = _("Belum ada laporan RAT tahun buku %(year)s yang diverifikasi.")
    return Fact("verified_report_last_year", False, detail % {"year": year})


def _scale(applicant: Applicant, scheme) -> Fact:
    enterprise = applicant.enterprise
    values = {"scale": enterprise.get_scale_display()}
    if enterprise.scale in scheme.allowed_scales:
        detail = _("Skala usaha %(scale)s termasuk yang boleh mengajukan.")
        return Fact("scale", True, detail % values)
    detail = _("Skala usaha %(scale)s tidak termasuk yang boleh mengajukan.")
    return Fact("scale", False, detail % values)


def business_started_on(application) -> datetime.date | None:
    """The registry's founding date of a cooperative, else the date the applicant
    stated (the registry keeps none for SMEs)."""
    cooperative = application.cooperative
    if cooperative is not None:
        registry = cooperative.established_on or cooperative.legal_entity_date
        if registry:
            return registry
    return application.business_started_on


def _business_age(applicant: Applicant, scheme, today, *, choosing: bool) -> Fact:
    started = business_started_on(applicant)
    minimum = scheme.min_business_age_months
    if started is None and choosing:
        detail = _(
            "Usaha harus sudah berjalan %(min)s bulan (tanggal mulai usaha diisi pada permohonan)."
        )
        return Fact("business_age", None, detail % {"min": minimum})
    if started is None:
        return Fact("business_age", False, _("Tanggal mulai usaha belum diisi."))
    months = months_between(started, today)
    values = {"months": max(months, 0), "min": minimum}
    if months >= minimum:
        detail = _("Usaha berjalan %(months)s bulan (minimum %(min)s bulan).")
        return Fact("business_age", True, detail % values)
    detail = _("Usaha baru berjalan %(months)s bulan; minimum %(min)s bulan.")
    return Fact("business_age", False, detail % values)


def _training(
    cooperative: Cooperative | None, kind: str, today, scope: Scope | None
) -> Fact:
    check = import_string(setting("FINANCING_TRAINING_CHECK"))
    values = {"kind": kind}
    scoped = scope is not None and not scope.everything
    # A scoped caller (the applicant's officers, a district office) is answered
    # from its own scope's nominations: whether a NIK completed training elsewhere
    # must not show (docs/security.md). Not found there is no refusal: province
    # staff read the whole history when they decide.
    passed = check(
        cooperative_id=cooperative.pk if cooperative else None,
        kind=kind,
        today=today,
        **({"scope": scope} if scoped else {}),
    )
    if passed is None:
        detail = _(
            "Pelatihan %(kind)s belum dapat diperiksa otomatis; periksa bukti "
            "sertifikat pengurus."
        )
    elif passed:
        detail = _("Ada pengurus yang lulus pelatihan %(kind)s.")
    elif scoped:
        passed = None
        detail = _(
            "Pelatihan %(kind)s tidak tercatat dalam usulan wilayah Anda; dinas "
            "provinsi memeriksa riwayat pelatihan pengurus saat memutuskan."
        )
    else:
        detail = _("Belum ada pengurus yang lulus pelatihan %(kind)s.")
    return Fact("training", passed, detail % values)


def applicant_facts(
    scheme,
    applicant: Applicant,
    *,
    today: datetime.date,
    scope: Scope | None = None,
    choosing: bool = False,
) -> list[Fact]:
    """The scheme's rules about the applicant (not the loan asked for): whether
    it may use the scheme at all. `choosing`: before an application exists, so
    what only the application states is not yet checked (passed None)."""
    facts = [_applicant_kind(applicant, scheme)]
    cooperative = _cooperative_of(applicant)
    if applicant.cooperative is not None:
        facts.append(_registered(cooperative))
    if scheme.districts.all():
        facts.append(_district(applicant, scheme))
    if scheme.is_kur:
        facts.append(one_running_kur(applicant))
    if scheme.max_accesses or scheme.max_accesses_production:
        facts.append(access_cap(applicant, scheme))
    if scheme.rate_ladder:
        facts.append(rate_on_ladder(applicant, scheme))
    if scheme.requires_active_cooperative:
        facts.append(_active(cooperative, today))
    if scheme.requires_verified_report_last_year:
        facts.append(_report_last_year(cooperative, today))
    if scheme.allowed_scales and applicant.enterprise is not None:
        facts.append(_scale(applicant, scheme))
    if scheme.min_business_age_months:
        facts.append(_business_age(applicant, scheme, today, choosing=choosing))
    if scheme.required_training_kind:
        facts.append(
            _training(cooperative, scheme.required_training_kind, today, scope)
        )
    return facts


def application_facts(
    application,
    *,
    today: datetime.date,
    amount: Decimal | None = None,
    scope: Scope | None = None,
) -> list[Fact]:
    """Every rule of the application's scheme, for `amount` (default: requested).
    `scope`, the caller's: rules that read people's records read only what that
    scope recorded (None or the province: everything)."""
    scheme = application.scheme
    facts = [
        _amount(application, scheme, amount or application.amount),
        _tenor(application, scheme),
        *applicant_facts(scheme, Applicant.of(application), today=today, scope=scope),
    ]
    if scheme.required_documents:
        facts.append(missing_documents(application, scheme))
    return facts


def failures(facts: list[Fact]) -> list[Fact]:
    return [fact for fact in facts if fact.passed is False]
