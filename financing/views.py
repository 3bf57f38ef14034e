"""The public simulator page: the same figures as GET /api/v1/financing/simulate/
(both call `simulator.compare` and `simulator.simulate_commercial`)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from accounts.scope import Scope
from cooperatives import selectors as registry

from . import selectors, simulator
from .forms import SimulationForm
from .services.eligibility import Applicant
from .services.offers import scheme_offers


def _officer_cooperative(request):
    """The cooperative a signed-in officer applies for (their first), else None."""
    user = request.user
    if not user.is_authenticated or getattr(user, "role", "") != "officer":
        return None
    scope = Scope.for_user(user)
    return registry.cooperative_list(scope=scope).order_by("name", "pk").first()


def simulation(request):
    """For a signed-in officer, "Sesuai" is the portal's check for their
    cooperative (`services.offers`); for anyone else, the amount and tenor only."""
    schemes = list(selectors.scheme_choice_list())
    form = SimulationForm(request.GET or None, schemes=schemes)
    cooperative = _officer_cooperative(request)
    context = {"form": form, "schemes": schemes, "applicant": cooperative}
    if form.is_valid():
        amount = form.cleaned_data["nominal"]
        tenor = form.cleaned_data["tenor"]
        start = timezone.localdate()
        offers = {}
        if cooperative is not None:
            offers = {
                offer.scheme.code: offer
                for offer in scheme_offers(
                    Applicant(cooperative=cooperative),
                    today=start,
                    scope=Scope.for_user(request.user),
                    schemes=schemes,
                )
            }
        results = simulator.compare(
            schemes=schemes,
            amount=amount,
            tenor_months=tenor,
            start=start,
            offers=offers,
        )
        chosen = form.cleaned_data["skema"]
        context.update(
            amount=amount,
            tenor=tenor,
            results=results,
            commercial=simulator.simulate_commercial(
                amount=amount, tenor_months=tenor, start=start
            ),
            query=urlencode({"nominal": int(amount), "tenor": tenor}),
            chosen=next((r for r in results if r.scheme.code == chosen), None),
        )
    return render(request, "financing/simulation.html", context)
