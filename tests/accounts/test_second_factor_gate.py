"""With OTP_REQUIRED on, a staff or district session that has not verified its
second factor reaches nothing but the second-factor pages and logging out: every
URL of the site without parameters, and every admin page, is walked."""

import pytest
from django.urls import reverse

from accounts.middleware import OPEN_WHILE_PENDING
from tests.factories import DistrictUserFactory, StaffFactory
from tests.security.test_authorization_matrix import all_routes

from .factories import enrolled, sign_in

pytestmark = pytest.mark.django_db

VERIFY = reverse("portal:otp-verify")


def held(response) -> bool:
    if response.status_code == 302:
        return response.url.startswith(VERIFY)
    # The API answers in JSON; a GET on a POST-only URL is refused before the gate.
    return response.status_code in (403, 405)


@pytest.mark.parametrize("factory", [StaffFactory, DistrictUserFactory])
def test_unverified_session_reaches_only_the_second_factor_pages(
    client, otp_on, factory
):
    user = factory()
    enrolled(user)
    sign_in(client, user)
    routes = [
        r
        for r in all_routes()
        if r.name
        and not r.name.endswith(":")
        and not r.params
        and not r.positional
        and r.name not in OPEN_WHILE_PENDING
    ]

    reached = [
        (route.name, response.status_code)
        for route in routes
        if not held(response := client.get(reverse(route.name)))
    ]

    assert len(routes) > 30
    assert reached == []
