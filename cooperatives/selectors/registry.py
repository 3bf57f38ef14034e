"""Scoped, prefetched reads of the registry and its aggregates, shared by the API,
the portal, the admin dashboard and the reports."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum

from accounts.scope import Scope
from core.page_rows import pk_any_of

from ..models import (
    AnnualReport,
    Cooperative,
    CooperativeRole,
    District,
    Enterprise,
    Person,
    SubDistrict,
)
from ..rules import first_active_rat_year


def cooperative_member_counts(cooperative_ids) -> dict[int, int]:
    """Members in each cooperative's latest verified report, for the given ids only:
    one query for a page, never a subquery evaluated for every skipped row."""
    rows = (
        AnnualReport.objects.verified()
        .filter(cooperative_id__in=list(cooperative_ids))
        .order_by("cooperative_id", "-fiscal_year")
        .distinct("cooperative_id")
        .values_list("cooperative_id", "members_male", "members_female")
    )
    return {cooperative_id: male + female for cooperative_id, male, female in rows}


def with_member_counts(cooperatives):
    """Attach `member_count` (None without a verified report) to the cooperatives."""
    counts = cooperative_member_counts(c.pk for c in cooperatives)
    for cooperative in cooperatives:
        cooperative.member_count = counts.get(cooperative.pk)
    return cooperatives


def cooperative_page_rows(ids):
    """The cooperatives of one page (ids already scoped and paged) with
    `member_count`: its subquery runs once per row of the page, never for the rows
    an offset skips."""
    latest_members = (
        AnnualReport.objects.verified()
        .filter(cooperative=OuterRef("pk"))
        .order_by("-fiscal_year")
        .annotate(total=F("members_male") + F("members_female"))
        .values("total")[:1]
    )
    # The caller puts the rows in the page's order: no sort here.
    return (
        Cooperative.objects.filter(pk_any_of(ids))
        .annotate(member_count=Subquery(latest_members))
        .order_by()
    )


def enterprise_page_rows(ids):
    """The enterprises of one page with their owner's encrypted NIK, looked up per
    row (an index probe each) rather than joined: a join may hash the whole person
    table for a hundred rows. The owner's name is the enterprise's own record."""
    owner = Person.objects.filter(pk=OuterRef("owner_id")).order_by()
    return (
        Enterprise.objects.filter(pk_any_of(ids))
        .annotate(owner_nik_encrypted=Subquery(owner.values("nik_encrypted")))
        .order_by()
    )


def annual_report_page_rows(ids):
    return AnnualReport.objects.filter(pk_any_of(ids)).order_by()


def cooperative_list(*, scope: Scope):
    return Cooperative.objects.restrict(scope).select_related("cluster")


def cooperative_export_list(*, scope: Scope):
    """A cooperative with every reference its export names (cluster, district,
    kecamatan), in the same query."""
    return cooperative_list(scope=scope).select_related("district", "sub_district")


def annual_report_list(*, scope: Scope):
    return AnnualReport.objects.restrict(scope)


def enterprise_list(*, scope: Scope):
    return Enterprise.objects.restrict(scope).select_related("owner")


def enterprise_export_list(*, scope: Scope):
    """An enterprise with every reference its export names (owner, cooperative,
    district, kecamatan), in the same query."""
    return enterprise_list(scope=scope).select_related(
        "cooperative", "district", "sub_district"
    )


def district_list(*, scope: Scope):
    return District.objects.all()


def district_choice_list():
    """The districts by name: a choice on a public form."""
    return District.objects.order_by("name")


def district_get(*, code: str) -> District:
    return District.objects.get(pk=code)


def cooperative_stats(*, scope: Scope, year: int) -> list[dict]:
    """Per district in scope, for year Y: the cooperatives registered at Y's end
    (founded by 31 December), those active in Y
    (a verified RAT held in Y, Y-1 or Y-2), and the verified reports of fiscal year Y.

    Two grouped queries (cooperatives, reports), never a loop over rows."""
    held_rat_in_window = AnnualReport.objects.verified().filter(
        cooperative=OuterRef("pk"),
        rat_held_on__gte=datetime.date(first_active_rat_year(year), 1, 1),
        rat_held_on__lte=datetime.date(year, 12, 31),
    )
    cooperatives = (
        Cooperative.objects.restrict(scope)
        .registered_by_end_of(year)
        .values("district")
        .annotate(
            total=Count("pk"), active=Count("pk", filter=Q(Exists(held_rat_in_window)))
        )
        .order_by()
    )
    reports = (
        AnnualReport.objects.verified()
        .filter(fiscal_year=year)
        .restrict(scope)
        .values("district")
        .annotate(
            rat_reported=Count("pk"),
            members=Sum(F("members_male") + F("members_female")),
            members_male=Sum("members_male"),
            members_female=Sum("members_female"),
            own_capital=Sum("own_capital"),
            external_capital=Sum("external_capital"),
            assets=Sum("assets"),
            business_volume=Sum("business_volume"),
            surplus=Sum("surplus"),
        )
        .order_by()
    )
    by_district = {row["district"]: row for row in cooperatives}
    report_rows = {row["district"]: row for row in reports}
    districts = (
        District.objects.all()
        if scope.everything
        else District.objects.filter(pk=scope.district_code)
    )
    zero = {"total": 0, "active": 0}
    zero_reports = {
        "rat_reported": 0,
        "members": 0,
        "members_male": 0,
        "members_female": 0,
        "own_capital": 0,
        "external_capital": 0,
        "assets": 0,
        "business_volume": 0,
        "surplus": 0,
    }
    return [
        {
            "district": district.code,
            "district_name": district.name,
            **{k: by_district.get(district.code, zero)[k] for k in zero},
            **{
                k: report_rows.get(district.code, zero_reports)[k] or 0
                for k in zero_reports
            },
        }
        for district in districts.order_by("code")
    ]


def cooperative_get(*, scope: Scope, cooperative_id: int) -> Cooperative:
    """One cooperative in scope with its district and sub-district
    (DoesNotExist otherwise)."""
    return (
        Cooperative.objects.restrict(scope)
        .select_related("district", "sub_district")
        .get(pk=cooperative_id)
    )


def cooperative_choice_list(*, scope: Scope):
    """The cooperatives in scope with their district: an officer's choice of
    cooperative."""
    return Cooperative.objects.restrict(scope).select_related("district")


def sub_district_list(*, district_id: str):
    """The sub-districts of one district (reference data, the same for every
    caller): the choice of a cooperative's sub-district."""
    return SubDistrict.objects.filter(district_id=district_id)


def cooperative_role_list(*, scope: Scope, cooperative_id: int, today: datetime.date):
    """A cooperative's current roles with their person, by role and name."""
    return (
        CooperativeRole.objects.restrict(scope)
        .current(today)
        .filter(cooperative_id=cooperative_id)
        .select_related("person")
        .order_by("role", "person_name", "pk")
    )


def cooperative_role_get(
    *, scope: Scope, cooperative_id: int, role_id: int
) -> CooperativeRole:
    """One of a cooperative's roles with its person (DoesNotExist otherwise)."""
    return (
        CooperativeRole.objects.restrict(scope)
        .select_related("person")
        .get(pk=role_id, cooperative_id=cooperative_id)
    )


def cooperative_person_choices(
    *, scope: Scope, cooperative_id: int, today: datetime.date
) -> list[tuple[int, str]]:
    """The cooperative's current officers and members, one option per person,
    labelled with the person's roles."""
    roles = (
        CooperativeRole.objects.restrict(scope)
        .current(today)
        .filter(cooperative_id=cooperative_id)
        .order_by("person_name", "person_id", "role")
    )
    people: dict[int, tuple[str, list[str]]] = {}
    for role in roles:
        label = role.get_role_display()
        if role.position:
            label = f"{label} ({role.get_position_display()})"
        people.setdefault(role.person_id, (role.person_name, []))[1].append(label)
    return [
        (pk, f"{name} — {', '.join(labels)}") for pk, (name, labels) in people.items()
    ]


def cooperative_id_by_nik(*, scope: Scope, nik: str) -> int | None:
    """The id of the cooperative with this NIK koperasi in the caller's scope
    (one outside it is not found, as one that does not exist)."""
    return (
        Cooperative.objects.restrict(scope)
        .filter(nik=(nik or "").strip())
        .values_list("pk", flat=True)
        .first()
    )


def enterprise_owned_get(*, scope: Scope, enterprise_id: int | None = None):
    """The owner's enterprise (the first, when no id is named); DoesNotExist
    outside the scope."""
    enterprises = (
        Enterprise.objects.restrict(scope)
        .select_related("district", "sub_district", "village")
        .order_by("pk")
    )
    if enterprise_id is not None:
        return enterprises.get(pk=enterprise_id)
    enterprise = enterprises.first()
    if enterprise is None:
        raise Enterprise.DoesNotExist
    return enterprise


def enterprise_pending_list(*, scope: Scope):
    """Owners' sign-ups waiting for their district office, oldest first."""
    return (
        Enterprise.objects.restrict(scope)
        .filter(status=Enterprise.Status.PENDING)
        .select_related("district")
        .order_by("created_at", "pk")
    )
