"""The registry reads the portal's forms take their choices from."""

import pytest

from cooperatives import selectors
from cooperatives.models import SubDistrict

pytestmark = pytest.mark.django_db


def test_sub_district_list_is_one_districts_sub_districts():
    expected = set(
        SubDistrict.objects.filter(district_id="64.72").values_list("pk", flat=True)
    )

    found = set(
        selectors.sub_district_list(district_id="64.72").values_list("pk", flat=True)
    )

    assert found == expected
    assert found
    assert SubDistrict.objects.exclude(district_id="64.72").exists()
