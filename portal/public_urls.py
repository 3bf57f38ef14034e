"""The public face at the site's root, under the namespace "public": the landing
page, the cooperative directory and the open data."""

from django.urls import path, re_path

from .views import open_data, public

app_name = "public"

urlpatterns = [
    path("", public.landing, name="landing"),
    path("koperasi/", public.cooperative_directory, name="directory"),
    re_path(
        r"^koperasi/(?P<registration>[0-9]{16})/$",
        public.cooperative_detail,
        name="cooperative",
    ),
    path("data/", open_data.open_data_index, name="open-data"),
    path("data/statistik.csv", open_data.statistics_csv, name="statistics-csv"),
    path("data/statistik.json", open_data.statistics_json, name="statistics-json"),
]
