from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("peta/<str:code>/", views.district_map, name="district-map"),
]
