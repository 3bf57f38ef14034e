"""When an account was switched off is recorded by every path that switches it
off: the retention period of an account (2 years) runs from it."""

import pytest
from django.utils import timezone

from accounts.tokens import api_token_issue, api_token_revoke
from accounts.users import user_deactivate, user_update
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_deactivate_records_when():
    user = UserFactory()
    before = timezone.now()

    user_deactivate(user_id=user.pk, by=StaffFactory())

    user.refresh_from_db()
    assert not user.is_active
    assert user.deactivated_at >= before


def test_user_update_records_the_switch_off_and_clears_it_on_switching_on():
    user = UserFactory()
    staff = StaffFactory()

    user_update(user_id=user.pk, data={"is_active": False}, by=staff)
    user.refresh_from_db()
    switched_off = user.deactivated_at
    user_update(user_id=user.pk, data={"is_active": True}, by=staff)
    user.refresh_from_db()

    assert switched_off is not None
    assert user.is_active
    assert user.deactivated_at is None


def test_revoking_an_api_token_records_when_its_user_was_switched_off():
    token, _key = api_token_issue(name="kabupaten-uji", district_code="64.72")

    revoked = api_token_revoke(name="kabupaten-uji", by=None)

    token.user.refresh_from_db()
    assert token.user.deactivated_at == revoked.revoked_at
