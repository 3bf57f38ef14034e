from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.PortalLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "koperasi/<int:cooperative_id>/", views.cooperative_dashboard, name="dashboard"
    ),
]
