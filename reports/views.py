from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import Scope
from cooperatives.rules import rat_fiscal_year_due
from cooperatives.selectors import (
    kdmp_coverage_by_district,
    kdmp_coverage_by_subdistrict,
)
from core.db_router import replica_reads

from . import district_map as maps
from . import selectors
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
            "map": _province_map(request, scope, registry, today),
            "where": None
            if scope.everything
            else selectors.districts_in(scope).first(),
            # Asks for a report run through portal:recaps (report_request).
            "form": ReportRunRequestForm(scope=scope, today=today),
        },
    )


def _province_map(request, scope: Scope, registry: dict, today) -> dict:
    """The province map of the indicator `?peta=` names, with its table; only the
    figures that indicator needs are read."""
    indicator = maps.chosen(
        maps.PROVINCE_INDICATORS, request.GET.get("peta"), maps.DEFAULT_PROVINCE
    )
    by_code = {row["district"]: row for row in registry["per_district_now"]}
    figures = {
        "districts": [
            {"code": code, "name": row["district_name"]}
            for code, row in by_code.items()
        ],
        "registry": by_code,
        "fiscal": {row["district"]: row for row in registry["per_district_fiscal"]},
    }
    if indicator.key == "umkm":
        figures["enterprises"] = selectors.enterprises_by_district(scope=scope)
    elif indicator.key == "pembiayaan":
        figures["disbursed"] = selectors.disbursed_by_district(scope=scope, today=today)
    elif indicator.key == "par":
        figures["par"] = selectors.par30_by_district(scope=scope, today=today)
    elif indicator.key == "kdmp":
        rows = kdmp_coverage_by_district(scope=scope)
        figures["kdmp"] = {row["district_id"]: row for row in rows}
    return maps.province_map(indicator, figures, request.path)


@login_required
@replica_reads()
def district_map(request, code: str):
    """One district's kecamatan, shaded by cooperatives, SMEs or KDMP coverage:
    staff see every district, a district user only their own (another one is a 404)."""
    scope = Scope.for_user(request.user)
    if not (scope.everything or scope.district_code == code):
        raise Http404
    district = selectors.district_in(scope, code)
    if district is None or code not in maps.map_data()["districts"]:
        raise Http404
    today = timezone.localdate()
    indicator = maps.chosen(
        maps.SUBDISTRICT_INDICATORS, request.GET.get("peta"), "koperasi"
    )
    if indicator.key == "kdmp":
        figures = kdmp_coverage_by_subdistrict(scope=scope, district_id=code)
    else:
        figures = selectors.subdistrict_figures(
            scope=scope, district=code, year=today.year
        )
    return render(
        request,
        "reports/district_map.html",
        {
            "district": district,
            "year": today.year,
            "map": maps.subdistrict_map(code, indicator, figures, request.path),
        },
    )
