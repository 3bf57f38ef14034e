"""Reference rows loaded by a data migration (and put back by tests after a
transactional flush): the default delinquency bands for PAR 30/60/90; and the
rules of real schemes."""

from django.db.models import Q

DELINQUENCY_BANDS = [
    ("dpd-1-30", "1-30 hari", 1, 30),
    ("dpd-31-60", "31-60 hari", 31, 60),
    ("dpd-61-90", "61-90 hari", 61, 90),
    ("dpd-91", "Lebih dari 90 hari", 91, None),
]


def load_delinquency_bands(band_model) -> None:
    """Create the default bands that are missing; never overwrite staff edits."""
    for code, label, min_days, max_days in DELINQUENCY_BANDS:
        band_model.objects.get_or_create(
            code=code,
            defaults={"label": label, "min_days": min_days, "max_days": max_days},
        )


# --- The rules of real schemes (domain.md §4), for schemes staff created before
# those rules existed (data migration 0018; the demo sets its own). ------------

KUR_PATTERN = (r"^kur(-|$)", r"(^|\W)KUR(\W|$)")  # by code, by name
KUR_LADDER = [6, 7, 8, 9]  # first, second, third, fourth access (§4.1, §4.4)
KUR_MIKRO_ACCESSES = (2, 4)  # non-production sectors; agri/fishery production
KUR_DOCUMENTS = ["id_card", "family_card", "business_licence"]
# Short names people write for a regency instead of its full name.
DISTRICT_ALIASES = {
    "ppu": "64.09",
    "kukar": "64.02",
    "kutim": "64.08",
    "kubar": "64.07",
    "mahulu": "64.11",
}


def _words(scheme) -> str:
    return f" {scheme.name} {scheme.code.replace('-', ' ')} ".lower()


def _kur_rules(scheme) -> bool:
    """KUR: one running at a time; the ladder for Mikro and Kecil (Super Mikro
    has its own flat 3%); Mikro's access cap; the usual documents. Only what is
    still empty is filled."""
    text = _words(scheme)
    super_mikro = "super" in text
    changed = not scheme.is_kur
    scheme.is_kur = True
    if (
        not scheme.rate_ladder
        and not super_mikro
        and (" mikro " in text or " kecil " in text)
    ):
        scheme.rate_ladder = KUR_LADDER
        changed = True
    if " mikro " in text and not super_mikro and scheme.max_accesses is None:
        scheme.max_accesses, scheme.max_accesses_production = KUR_MIKRO_ACCESSES
        changed = True
    if not scheme.required_documents:
        scheme.required_documents = KUR_DOCUMENTS
        changed = True
    return changed


def _district_of(scheme, districts) -> str | None:
    """The regency or city a revolving fund's name names (the longest name
    first: "Penajam Paser Utara" before "Paser"), else None."""
    text = _words(scheme)
    for alias, code in DISTRICT_ALIASES.items():
        if f" {alias} " in text:
            return code
    by_length = sorted(districts, key=lambda d: -len(d.name))
    for district in by_length:
        short = district.name.removeprefix("Kabupaten ").removeprefix("Kota ")
        if f" {short.lower()} " in text or f" {short.lower()}," in text:
            return district.pk
    return None


def apply_scheme_rules(scheme_model, district_model) -> None:
    """KUR schemes marked and given their ladder, cap and documents; a
    regency's revolving fund (dana bergulir) limited to that regency when it
    lists no district yet. Staff's values are never overwritten."""
    kur = Q(code__iregex=KUR_PATTERN[0]) | Q(name__iregex=KUR_PATTERN[1])
    for scheme in scheme_model.objects.filter(kur):
        if _kur_rules(scheme):
            scheme.save()
    districts = list(district_model.objects.all())
    funds = scheme_model.objects.filter(
        Q(name__icontains="bergulir") | Q(code__icontains="bergulir")
    ).exclude(kur)
    for scheme in funds.prefetch_related("districts"):
        if scheme.districts.all():
            continue
        code = _district_of(scheme, districts)
        if code:
            scheme.districts.set([code])
