"""A URL configuration whose one view fails, for the 500 page's test."""

from django.urls import path

handler500 = "core.views.server_error"


def fail(request):
    raise RuntimeError("a failure for the 500 page's test")


urlpatterns = [path("gagal/", fail)]
