"""The public simulator page: the same figures as GET /api/v1/financing/simulate/
(both call `simulator.compare` and `simulator.simulate_commercial`)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from . import selectors, simulator
from .forms import SimulationForm


def simulation(request):
    schemes = list(selectors.scheme_choice_list())
    form = SimulationForm(request.GET or None, schemes=schemes)
    context = {"form": form, "schemes": schemes}
    if form.is_valid():
        amount = form.cleaned_data["nominal"]
        tenor = form.cleaned_data["tenor"]
        start = timezone.localdate()
        results = simulator.compare(
            schemes=schemes, amount=amount, tenor_months=tenor, start=start
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
