"""What a new annual report starts with: the people and the balance sheet of the
cooperative's latest earlier verified report, with the counts its current roles in
the registry give where the registry has any. The officer checks every figure;
the flows of a year (business volume, surplus) start empty."""

from django.db.models import Count, Q
from django.utils import timezone

from ..models import AnnualReport, CooperativeRole

# What the registry's current roles count, by report field.
REGISTRY_COUNTS = {
    "officers": CooperativeRole.Role.OFFICER,
    "supervisors": CooperativeRole.Role.SUPERVISOR,
    "employees": CooperativeRole.Role.EMPLOYEE,
}
CARRIED_FIGURES = (
    "members_male",
    "members_female",
    "officers",
    "supervisors",
    "employees",
    "own_capital",
    "external_capital",
    "assets",
)


def annual_report_prefill(
    *, cooperative_id: int, fiscal_year: int
) -> tuple[dict, int | None]:
    """The starting figures of a new report, and the fiscal year of the verified
    report they came from (None without one): the people and the balance sheet of
    the latest earlier verified report, with the counts the registry's current
    roles give where it has any (the flows of a year, business volume and
    surplus, start empty)."""
    previous = (
        AnnualReport.objects.verified()
        .filter(cooperative_id=cooperative_id, fiscal_year__lt=fiscal_year)
        .order_by("-fiscal_year")
        .values("fiscal_year", *CARRIED_FIGURES)
        .first()
    )
    figures = dict(previous or {})
    source_year = figures.pop("fiscal_year", None)
    roles = CooperativeRole.objects.current(timezone.localdate())
    counts = roles.filter(cooperative_id=cooperative_id).aggregate(
        members_male=Count("pk", filter=Q(role="member", person__sex="male")),
        members_female=Count("pk", filter=Q(role="member", person__sex="female")),
        **{
            name: Count("pk", filter=Q(role=role))
            for name, role in REGISTRY_COUNTS.items()
        },
    )
    if counts["members_male"] or counts["members_female"]:
        figures.update(
            members_male=counts["members_male"],
            members_female=counts["members_female"],
        )
    figures.update({name: counts[name] for name in REGISTRY_COUNTS if counts[name]})
    return figures, source_year
