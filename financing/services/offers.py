"""The schemes offered to one applicant: every open scheme with the applicant's
facts under its rules (`eligibility.applicant_facts`), those it may use first.

One answer for every door where an applicant picks a scheme (the portal form,
the simulator's "Ajukan", the admin, the district API), so that "Sesuai" means
the same everywhere."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.scope import Scope

from ..models import ApplicationDocument, Scheme
from ..selectors import scheme_choice_list
from .eligibility import Applicant, Fact, applicant_facts, failures, offered_rate

NPWP_ABOVE = Decimal(50_000_000)  # NPWP needed for loans over Rp50 juta


@dataclass
class Offer:
    scheme: Scheme
    applicant: Applicant
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

    @property
    def access(self) -> int | None:
        """The KUR access this would be, for a scheme with a rate ladder."""
        return self.applicant.kur_access if self.scheme.rate_ladder else None

    @property
    def documents(self) -> list[str]:
        """The documents the scheme requires (submission refuses without them);
        for a scheme that lists none, the usual checklist (`domain.md` §4.4)."""
        if self.scheme.required_documents:
            return self.scheme.required_document_labels
        kind = ApplicationDocument.Kind
        kinds = [kind.ID_CARD, kind.BUSINESS_LICENCE, kind.PROPOSAL]
        if self.applicant.cooperative is not None:
            kinds += [kind.LEGAL_DEED, kind.FINANCIAL_REPORT]
        else:
            kinds.insert(1, kind.FAMILY_CARD)
        if self.scheme.max_amount > NPWP_ABOVE:
            kinds.append(kind.NPWP)
        return [str(item.label) for item in kinds]


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
            applicant=applicant,
            facts=applicant_facts(
                scheme, applicant, today=today, scope=scope, choosing=True
            ),
            rate=offered_rate(scheme, applicant),
        )
        for scheme in (scheme_choice_list() if schemes is None else schemes)
    ]
    return sorted(offers, key=lambda offer: not offer.eligible)


def scheme_refusal(scheme: Scheme, applicant: Applicant, *, today, scope=None):
    """The failed facts that keep the applicant from this scheme (empty: none)."""
    return failures(
        applicant_facts(scheme, applicant, today=today, scope=scope, choosing=True)
    )
