"""api.filters.FilterBackend: django-filter runs whenever a request names one of
the filterset's parameters (so bad values still answer 400), and a plain page
skips it."""

import django_filters
import pytest

from api.filters import _may_filter
from cooperatives.filtersets import CooperativeFilterSet
from cooperatives.models import Cooperative
from tests.factories import CooperativeFactory

LIST = "/api/v1/cooperatives/"


class _RangeFilterSet(django_filters.FilterSet):
    created = django_filters.DateFromToRangeFilter(field_name="created_at")

    class Meta:
        model = Cooperative
        fields = ["kind"]


def test_parameters_that_may_reach_a_filter():
    assert _may_filter(CooperativeFilterSet, "is_active")
    assert _may_filter(CooperativeFilterSet, "district")
    assert not _may_filter(CooperativeFilterSet, "page")
    assert not _may_filter(CooperativeFilterSet, "search")
    # Range widgets read `<name>_after` / `<name>_before`.
    assert _may_filter(_RangeFilterSet, "created_after")
    assert not _may_filter(_RangeFilterSet, "createdx")


@pytest.mark.django_db
def test_filters_apply_and_validate_and_other_parameters_are_ignored(staff_api):
    CooperativeFactory(kind="consumer")
    CooperativeFactory(kind="producer")

    everything = staff_api.get(f"{LIST}?page=1&unknown=1")
    assert everything.status_code == 200
    assert everything.json()["count"] == 2
    filtered = staff_api.get(f"{LIST}?kind=consumer&page=1").json()
    assert [row["kind"] for row in filtered["results"]] == ["consumer"]
    assert staff_api.get(f"{LIST}?kind=seminar").status_code == 400
    assert staff_api.get(f"{LIST}?district=99.99").status_code == 400
