"""One FilterSet per report list, shared by the API and any HTML list."""

import django_filters

from .models import ReportRun


class ReportRunFilterSet(django_filters.FilterSet):
    class Meta:
        model = ReportRun
        fields = ["kind", "status"]
