"""The one router of REST API v1, grouped by app."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from cooperatives.api import imports as registry_imports
from cooperatives.api import kdmp as registry_kdmp
from cooperatives.api import regions as registry_regions
from cooperatives.api import views as registry
from financing.api import eligibility as financing_eligibility
from financing.api import views as financing_api
from programs.api import views as programs_api
from reports.api import views as reports_api

router = DefaultRouter()
router.include_root_view = False

# Registry (cooperatives app)
router.register("districts", registry.DistrictViewSet, basename="district")
router.register(
    "subdistricts", registry_regions.SubDistrictViewSet, basename="subdistrict"
)
router.register("villages", registry_regions.VillageViewSet, basename="village")
router.register("kdmp", registry_kdmp.KdmpViewSet, basename="kdmp")
router.register("cooperatives", registry.CooperativeViewSet, basename="cooperative")
router.register("annual-reports", registry.AnnualReportViewSet, basename="annualreport")
router.register("enterprises", registry.EnterpriseViewSet, basename="enterprise")
router.register("imports", registry_imports.ImportJobViewSet, basename="import")

# Programs
router.register("programs", programs_api.ProgramViewSet, basename="program")
router.register("enrolments", programs_api.EnrolmentViewSet, basename="enrolment")

# Financing
router.register(
    "financing/schemes", financing_api.SchemeViewSet, basename="financing-scheme"
)
router.register(
    "financing/applications",
    financing_api.ApplicationViewSet,
    basename="financing-application",
)
router.register("financing/loans", financing_api.LoanViewSet, basename="financing-loan")

# Reports
router.register("reports", reports_api.ReportRunViewSet, basename="report")

urlpatterns = [
    # Financing
    path(
        "financing/simulate/",
        financing_api.SimulationView.as_view(),
        name="financing-simulate",
    ),
    path(
        "financing/eligibility/",
        financing_eligibility.EligibilityView.as_view(),
        name="financing-eligibility",
    ),
    path(
        "financing/portfolio/",
        financing_api.PortfolioView.as_view(),
        name="financing-portfolio",
    ),
    # Before the router: its detail pattern would read "export" as a pk.
    path(
        "enterprises/export.csv",
        registry.EnterpriseExportView.as_view(),
        name="enterprise-export",
    ),
    path(
        "statistics/cooperatives/",
        registry.CooperativeStatisticsView.as_view(),
        name="statistics-cooperatives",
    ),
    *router.urls,
]
