from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.rules import rat_fiscal_year_due
from core.db_router import replica_reads

from . import selectors
from .district_map import district_map, map_shading
from .forms import ReportRunRequestForm


@login_required
@replica_reads()
def dashboard(request):
    """The province (or, for district staff, their district) at a glance."""
    scope = Scope.for_user(request.user)
    if not (scope.everything or scope.district_code):
        raise Http404
    today = timezone.localdate()
    year = today.year
    registry = selectors.registry_figures(
        scope=scope, year=year, fiscal_year=rat_fiscal_year_due(today)
    )
    shaded = map_shading(registry["per_district_now"])
    financing = selectors.financing_figures(scope=scope, today=today)
    charts = {
        "active": registry["active_by_year"],
        "programs": selectors.program_figures(scope=scope, years=registry["years"]),
        "enterprises": selectors.enterprise_figures(scope=scope),
        "financing": financing["months"],
        "par": financing["bands"],
        "par_months": selectors.par_month_figures(scope=scope, today=today),
        # Chart legends, translated here since the chart script has no catalogue.
        "labels": {
            "active": _("Aktif"),
            "registered": _("Terdaftar"),
            "participants": _("Peserta"),
            "completed": _("Lulus"),
            "smes": _("UMKM"),
            "disbursed": _("Disalurkan (Rp)"),
            "outstanding": _("Sisa pokok (Rp)"),
            "par": _("PAR (Rp)"),
            "par30": _("PAR 30 (Rp)"),
        },
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "year": year,
            "registry": registry,
            "charts": charts,
            "financing": financing,
            "shaded": shaded,
            "map_svg": mark_safe(district_map(shaded)),  # noqa: S308 our own static SVG
            "where": None
            if scope.everything
            else selectors.districts_in(scope).first(),
            # Asks for a report run through portal:recaps (report_request).
            "form": ReportRunRequestForm(scope=scope, today=today),
        },
    )
