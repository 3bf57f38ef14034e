"""The installment simulator: the schedule of a scheme for an amount and tenor,
or every open scheme side by side with the same loan at a commercial rate.

Pure reads (no writes), shared by the public API and the `/simulasi/` page. The
commercial comparison is an annuity at FINANCING_COMMERCIAL_RATE (24% p.a. by
default, the order of an unsecured commercial micro loan) without grace.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.numbers import format_rupiah

from .conf import setting
from .models import Scheme
from .schedule import (
    ANNUITY,
    Installment,
    add_months,
    build_schedule,
    grace_problem,
    total_interest,
    total_payment,
)


@dataclass
class Simulation:
    scheme: Scheme | None  # None: the commercial comparison
    amount: Decimal
    tenor_months: int
    annual_rate: Decimal
    method: str
    grace_months: int
    installments: list[Installment]
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total_interest(self) -> Decimal:
        return total_interest(self.installments)

    @property
    def total_payment(self) -> Decimal:
        return total_payment(self.installments)

    @property
    def monthly_payment(self) -> Decimal:
        """The first payment after grace (the largest, for `declining`)."""
        amortising = [row for row in self.installments if row.principal]
        rows = amortising or self.installments
        return rows[0].payment if rows else Decimal(0)

    @property
    def fits(self) -> bool:
        return not self.problems


def limit_problems(scheme: Scheme, amount: Decimal, tenor_months: int) -> dict:
    """The scheme's limits the amount or the tenor breaks, per field."""
    problems = {}
    if not scheme.min_amount <= amount <= scheme.max_amount:
        problems["amount"] = [
            _("Nominal untuk skema ini antara %(min)s dan %(max)s.")
            % {
                "min": format_rupiah(scheme.min_amount),
                "max": format_rupiah(scheme.max_amount),
            }
        ]
    if tenor_months > scheme.max_tenor_months:
        problems["tenor_months"] = [
            _("Tenor untuk skema ini paling lama %(max)s bulan.")
            % {"max": scheme.max_tenor_months}
        ]
    grace = grace_problem(tenor_months, scheme.grace_months)
    if grace:
        problems.setdefault("tenor_months", []).append(grace)
    return problems


def simulate(
    *,
    scheme: Scheme,
    amount: Decimal,
    tenor_months: int,
    start: datetime.date,
    rate: Decimal | None = None,
    refusals: list[str] = (),
) -> Simulation:
    """A tenor not longer than the scheme's grace has no schedule: no
    installments, and the problem named under `tenor_months`. `rate`: the
    applicant's (a KUR's ladder step), default the scheme's; `refusals`: the
    scheme rules the applicant fails (`services.offers`), under `scheme`."""
    problems = limit_problems(scheme, amount, tenor_months)
    if refusals:
        problems["scheme"] = list(refusals)
    rate = scheme.annual_rate if rate is None else rate
    if grace_problem(tenor_months, scheme.grace_months):
        installments = []
    else:
        installments = build_schedule(
            principal=amount,
            annual_rate=rate,
            method=scheme.method,
            tenor_months=tenor_months,
            grace_months=scheme.grace_months,
            grace_kind=scheme.grace_kind,
            first_due=add_months(start, 1),
        )
    return Simulation(
        scheme=scheme,
        amount=amount,
        tenor_months=tenor_months,
        annual_rate=rate,
        method=scheme.method,
        grace_months=scheme.grace_months,
        installments=installments,
        problems=problems,
    )


def simulate_commercial(
    *, amount: Decimal, tenor_months: int, start: datetime.date
) -> Simulation:
    rate = Decimal(setting("FINANCING_COMMERCIAL_RATE"))
    return Simulation(
        scheme=None,
        amount=amount,
        tenor_months=tenor_months,
        annual_rate=rate,
        method=ANNUITY,
        grace_months=0,
        installments=build_schedule(
            principal=amount,
            annual_rate=rate,
            method=ANNUITY,
            tenor_months=tenor_months,
            first_due=add_months(start, 1),
        ),
    )


def compare(
    *,
    schemes,
    amount: Decimal,
    tenor_months: int,
    start: datetime.date,
    offers: dict | None = None,
) -> list[Simulation]:
    """Every scheme's simulation, those the loan fits first, cheapest first.
    `offers` (scheme code → `services.offers.Offer`, for a known applicant): a
    scheme fits only if the applicant may use it too, at the applicant's rate."""
    offers = offers or {}
    simulations = [
        simulate(
            scheme=scheme,
            amount=amount,
            tenor_months=tenor_months,
            start=start,
            rate=offers[scheme.code].rate if scheme.code in offers else None,
            refusals=offers[scheme.code].reasons if scheme.code in offers else (),
        )
        for scheme in schemes
    ]
    return sorted(
        simulations, key=lambda s: (not s.fits, s.total_interest, s.scheme.name)
    )
