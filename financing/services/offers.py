"""The schemes offered to one applicant: every open scheme with the applicant's
facts under its rules (`eligibility.applicant_facts`), those it may use first.

One answer for every door where an applicant picks a scheme (the portal form,
the simulator's "Ajukan", the admin, the district API), so that "Sesuai" means
the same everywhere."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.scope import Scope

from ..models import Scheme
from .eligibility import Applicant, Fact, applicant_facts, failures, offered_rate


@dataclass
class Offer:
    scheme: Scheme
    facts: list[Fact]
    rate: Decimal  # the rate this applicant would get (the KUR ladder's step)

    @property
    def failed(self) -> list[Fact]:
        return failures(self.facts)

    @property
    def eligible(self) -> bool:
        return not self.failed

    @property
    def reasons(self) -> list[str]:
        return [fact.detail for fact in self.failed]

    @property
    def district_names(self) -> list[str]:
        return [district.name for district in self.scheme.districts.all()]


def open_schemes():
    return Scheme.objects.open().prefetch_related("districts").order_by("name", "pk")


def scheme_offers(
    applicant: Applicant,
    *,
    today: datetime.date,
    scope: Scope | None = None,
    schemes=None,
) -> list[Offer]:
    """Every open scheme (or `schemes`) for the applicant: the eligible ones
    first, each by name."""
    offers = [
        Offer(
            scheme=scheme,
            facts=applicant_facts(
                scheme, applicant, today=today, scope=scope, choosing=True
            ),
            rate=offered_rate(scheme, applicant),
        )
        for scheme in (open_schemes() if schemes is None else schemes)
    ]
    return sorted(offers, key=lambda offer: not offer.eligible)


def scheme_refusal(scheme: Scheme, applicant: Applicant, *, today, scope=None):
    """The failed facts that keep the applicant from this scheme (empty: none)."""
    return failures(
        applicant_facts(scheme, applicant, today=today, scope=scope, choosing=True)
    )
