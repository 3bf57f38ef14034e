"""The one router of REST API v1, grouped by app."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from cooperatives.api import views as registry

router = DefaultRouter()
router.include_root_view = False

# Registry (cooperatives app)
router.register("districts", registry.DistrictViewSet, basename="district")
router.register("cooperatives", registry.CooperativeViewSet, basename="cooperative")
router.register("annual-reports", registry.AnnualReportViewSet, basename="annualreport")
router.register("enterprises", registry.EnterpriseViewSet, basename="enterprise")

urlpatterns = [
    path(
        "statistics/cooperatives/",
        registry.CooperativeStatisticsView.as_view(),
        name="statistics-cooperatives",
    ),
    *router.urls,
]
