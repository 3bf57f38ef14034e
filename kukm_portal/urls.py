from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import healthz, privacy_notice
from programs.urls import certificate_urlpatterns

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("privasi/", privacy_notice, name="privacy"),
    path("", include("portal.public_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("portal/", include("portal.urls")),
    path("dashboard/", include("reports.urls")),
    path("programs/", include("programs.urls")),
    path("simulasi/", include("financing.urls")),
    # Delivery receipts of the WhatsApp and SMS providers (signed, CSRF-exempt).
    path("webhooks/", include("notifications.urls")),
    path("certificates/", include((certificate_urlpatterns, "certificates"))),
    path("api/v1/", include(("kukm_portal.api_router", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]
