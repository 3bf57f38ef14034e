"""Public URLs: `/programs/` (the catalogue) and `/certificates/` (verification)."""

from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_catalogue, name="catalogue"),
    path("<slug:code>/", views.program_detail, name="detail"),
]

# Included at /certificates/ under the namespace "certificates".
certificate_urlpatterns = [
    path("", views.certificate_check, name="check"),
    path("<slug:code>/", views.certificate_verify, name="verify"),
    path("<slug:code>/pdf/", views.certificate_download, name="pdf"),
]
