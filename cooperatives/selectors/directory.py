"""The public directory ("Cek Koperasi"): what anyone may read of a cooperative in
the national registry. Institutional fields only, never a person (no officer, no
member, no contact), so the page and any cache of it hold no personal data."""

from django.db.models import Q

from ..models import Cooperative

# The only columns the directory loads: a field added to the model later is not
# shown by accident.
PUBLIC_FIELDS = (
    "nik",
    "name",
    "district__name",
    "sub_district__name",
    "legal_entity_number",
    "legal_entity_date",
    "status",
    "last_rat_on",
)


def _public():
    return (
        Cooperative.objects.in_public_directory()
        .select_related("district", "sub_district")
        .only(*PUBLIC_FIELDS)
    )


def cooperative_directory_list(*, query: str = "", district_id: str | None = None):
    """Cooperatives of the directory, by name then id. `query` matches a NIK
    koperasi exactly (its unique index) or a part of the name (the trigram index
    on UPPER(name) serves `icontains`)."""
    cooperatives = _public()
    if district_id:
        cooperatives = cooperatives.filter(district_id=district_id)
    if query:
        match = Q(name__icontains=query)
        if query.isdigit():
            match |= Q(nik=query)
        cooperatives = cooperatives.filter(match)
    return cooperatives.order_by("name", "pk")


def cooperative_directory_get(*, nik: str) -> Cooperative | None:
    return _public().filter(nik=nik).first()
