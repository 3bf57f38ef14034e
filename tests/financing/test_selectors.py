"""The financing reads the portal's forms take their choices from."""

import pytest

from financing import selectors
from financing.models import Scheme

from .factories import SchemeFactory

pytestmark = pytest.mark.django_db


def test_scheme_choice_list_is_the_open_schemes_by_name():
    zeta = SchemeFactory(name="Zeta Skema")
    alpha = SchemeFactory(name="Alpha Skema")
    closed = SchemeFactory(name="Beta Skema", is_open=False)

    names = [scheme.name for scheme in selectors.scheme_choice_list()]

    assert names == sorted(Scheme.objects.open().values_list("name", flat=True))
    assert {zeta.name, alpha.name} <= set(names)
    assert closed.name not in names
