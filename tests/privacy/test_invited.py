"""An invitation is a link too: an open one names someone about to work here
again, and an accepted one, while its account is active, is that account's
access. Neither the person nor the invitation goes while it lasts."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from accounts.tokens import api_token_issue, api_token_revoke
from cooperatives.models import Invitation, Person
from privacy.services import retention_sweep
from tests.factories import UserFactory

from .factories import CUT, DAY, TODAY, invitation, noon, role_ending

pytestmark = pytest.mark.django_db


def test_an_open_invitation_keeps_its_person_and_itself():
    person = role_ending(CUT.links - DAY)  # past its period
    invited = invitation(person=person, expires_at=noon(TODAY) + 7 * DAY)

    done = retention_sweep(today=TODAY)

    person.refresh_from_db()
    assert done["persons"] == 0
    assert person.anonymised_at is None
    assert Invitation.objects.filter(pk=invited.pk).exists()


def test_a_lapsed_invitation_keeps_nobody():
    person = role_ending(CUT.links - DAY)
    invitation(person=person, expires_at=noon(CUT.requests - DAY))

    retention_sweep(today=TODAY)

    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert not Invitation.objects.filter(person=person).exists()


@pytest.mark.parametrize(("active", "kept"), [(True, True), (False, False)])
def test_an_accepted_invitation_keeps_its_person_while_its_account_is_active(
    active, kept
):
    person = role_ending(CUT.links - DAY)
    # The person's first account was switched off; the invitation opened another.
    Person.objects.filter(pk=person.pk).update(user=UserFactory(is_active=False))
    account = UserFactory(is_active=active)
    accepted = invitation(
        person=person,
        user=account,
        accepted_at=noon(CUT.requests - DAY),
        expires_at=noon(CUT.requests - DAY),
    )

    retention_sweep(today=TODAY)

    person.refresh_from_db()
    assert (person.anonymised_at is None) is kept
    assert Invitation.objects.filter(pk=accepted.pk).exists() is kept


def test_the_admin_log_forgets_an_anonymised_persons_name():
    person = role_ending(CUT.links - DAY)
    LogEntry.objects.create(
        user=UserFactory(),
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
    )

    retention_sweep(today=TODAY)

    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [
        Person.ANONYMISED_NAME
    ]


def test_a_token_revoked_again_starts_its_users_two_years_now():
    token, _key = api_token_issue(name="kab-ppu", district_code=None)
    api_token_revoke(name="kab-ppu", by=None)
    # The token's first revoke was long ago; its user was switched on since.
    first = token.__class__.objects.get(pk=token.pk).revoked_at - datetime.timedelta(
        days=900
    )
    token.__class__.objects.filter(pk=token.pk).update(revoked_at=first)
    User.objects.filter(pk=token.user_id).update(is_active=True, deactivated_at=None)

    api_token_revoke(name="kab-ppu", by=None)

    user = User.objects.get(pk=token.user_id)
    assert not user.is_active
    assert user.deactivated_at > first + datetime.timedelta(days=899)
