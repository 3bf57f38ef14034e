"""The retention sweep on accounts, invitations, access requests and owner
sign-ups (each acted on the day after its period), and the sweep as a whole:
audited once per kind, a dry run changes nothing, a second run does nothing,
its query count does not grow with the people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.system_actor import system_user
from audit.models import PersonalDataAccess
from cooperatives.models import (
    AccessRequest,
    Invitation,
    OwnerSignup,
    Person,
    PersonReconciliation,
)
from notifications.models import Notification, PhoneNumber
from privacy.services import retention_sweep
from tests.factories import CooperativeRoleFactory, UserFactory

from .factories import (
    CUT,
    DAY,
    TODAY,
    document_of_loan_closing,
    invitation,
    loan_closing,
    login_logs,
    noon,
    owner_signup,
    program_ending,
    refused_request,
    role_ending,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days", "erased"), [(-1, True), (0, False), (1, False)])
def test_account_is_erased_two_years_after_deactivation(days, erased):
    user = UserFactory(first_name="Siti", last_name="Aminah", is_active=False)
    User.objects.filter(pk=user.pk).update(
        deactivated_at=noon(CUT.accounts + days * DAY)
    )
    PhoneNumber.objects.create(user=user, number="081234567890")
    person = CooperativeRoleFactory(person__user=user).person  # a current role
    username = user.username

    done = retention_sweep(today=TODAY)

    user.refresh_from_db()
    person.refresh_from_db()
    assert done["accounts"] == int(erased)
    assert (user.erased_at is not None) is erased
    assert (user.username == f"dihapus-{user.pk}") is erased
    assert (user.username == username) is not erased
    assert (user.first_name, user.email) == (
        ("", "") if erased else ("Siti", user.email)
    )
    assert user.has_usable_password() is not erased
    assert PhoneNumber.objects.filter(user=user).exists() is not erased
    assert (person.user_id is None) is erased


def test_account_deactivated_without_a_date_is_stamped_not_erased():
    user = UserFactory(is_active=False)

    done = retention_sweep(today=timezone.localdate())

    user.refresh_from_db()
    assert done["accounts"] == 0
    assert user.deactivated_at is not None
    assert user.erased_at is None


@pytest.mark.parametrize("make", [system_user, UserFactory], ids=["system", "active"])
def test_an_old_deactivation_date_erases_neither_the_system_nor_an_active_account(
    make,
):
    user = make()
    username = user.username
    User.objects.filter(pk=user.pk).update(deactivated_at=noon(CUT.accounts - DAY))

    retention_sweep(today=TODAY)

    user.refresh_from_db()
    assert user.erased_at is None
    assert user.username == username
    # An active account's stale date is dropped: it would shorten a later one.
    assert (user.deactivated_at is None) is user.is_active


@pytest.mark.parametrize(("days", "deleted"), [(-1, True), (0, False), (1, False)])
@pytest.mark.parametrize("ending", ["revoked_at", "expires_at"])
def test_lapsed_invitation_is_deleted_with_its_history_a_year_later(
    ending, days, deleted
):
    lapsed = invitation(**{ending: noon(CUT.requests + days * DAY)})
    pending = invitation(expires_at=noon(TODAY + DAY))

    done = retention_sweep(today=TODAY)

    assert done["invitations"] == int(deleted)
    assert Invitation.objects.filter(pk=lapsed.pk).exists() is not deleted
    assert Invitation.history.filter(id=lapsed.pk).exists() is not deleted
    assert Invitation.objects.filter(pk=pending.pk).exists()


def test_accepted_invitation_goes_with_its_erased_account():
    user = UserFactory(is_active=False)
    User.objects.filter(pk=user.pk).update(deactivated_at=noon(CUT.accounts - DAY))
    accepted = invitation(user=user, accepted_at=noon(TODAY), expires_at=noon(TODAY))
    request = refused_request(noon(TODAY))
    AccessRequest.objects.filter(pk=request.pk).update(invitation=accepted)

    done = retention_sweep(today=TODAY)

    assert done["invitations"] == 1
    assert not Invitation.objects.filter(pk=accepted.pk).exists()
    request.refresh_from_db()
    assert request.invitation is None


@pytest.mark.parametrize(("days", "deleted"), [(-1, True), (0, False), (1, False)])
def test_decided_access_request_and_owner_signup_are_deleted_a_year_later(
    days, deleted
):
    request = refused_request(noon(CUT.requests + days * DAY))
    signup = owner_signup(noon(CUT.requests + days * DAY))

    done = retention_sweep(today=TODAY)

    assert done["access_requests"] == done["owner_signups"] == int(deleted)
    assert AccessRequest.objects.filter(pk=request.pk).exists() is not deleted
    assert AccessRequest.history.filter(id=request.pk).exists() is not deleted
    assert OwnerSignup.objects.filter(pk=signup.pk).exists() is not deleted


@pytest.mark.parametrize(("days", "deleted"), [(-1, True), (0, False), (1, False)])
def test_access_request_never_decided_is_deleted_a_year_after_it_was_made(
    days, deleted
):
    request = refused_request(None)
    AccessRequest.objects.filter(pk=request.pk).update(
        status=AccessRequest.Status.OPEN,
        reason="",
        created_at=noon(CUT.requests + days * DAY),
    )

    done = retention_sweep(today=TODAY)

    assert done["access_requests"] == int(deleted)
    assert AccessRequest.objects.filter(pk=request.pk).exists() is not deleted


def _one_of_each() -> None:
    person = role_ending(CUT.links - DAY)
    PersonReconciliation.objects.create(person=person, supplied_name="X", source="role")
    program_ending(CUT.training - DAY)
    loan_closing(CUT.financing - DAY)
    user = UserFactory(is_active=False)
    User.objects.filter(pk=user.pk).update(deactivated_at=noon(CUT.accounts - DAY))
    PhoneNumber.objects.create(user=user, number="081234567890")
    TOTPDevice.objects.create(user=user, name="HP")
    Notification.objects.create(user=user, kind="uji", title="Uji", body="Isi")
    invitation(revoked_at=noon(CUT.requests - DAY))
    refused_request(noon(CUT.requests - DAY))
    owner_signup(noon(CUT.requests - DAY))
    document_of_loan_closing(CUT.financing - DAY)
    login_logs(noon(CUT.logins - DAY))


def test_sweep_is_audited_once_per_kind():
    _one_of_each()

    done = retention_sweep(today=TODAY)

    records = PersonalDataAccess.objects.filter(
        action=PersonalDataAccess.Action.RETENTION
    )
    assert {(r.export_kind, r.rows, r.actor) for r in records} == {
        (kind, count, "sistem") for kind, count in done.items()
    }
    assert not Notification.objects.exists()
    assert not TOTPDevice.objects.exists()
    assert not PhoneNumber.objects.exists()
    assert done == {
        "persons": 3,
        "accounts": 1,
        "invitations": 1,
        "access_requests": 1,
        "owner_signups": 1,
        "documents": 1,
        "login_logs": 3,
    }


def test_dry_run_counts_and_changes_nothing():
    _one_of_each()
    names = sorted(Person.objects.values_list("name", flat=True))

    counted = retention_sweep(today=TODAY, dry_run=True)

    assert sorted(Person.objects.values_list("name", flat=True)) == names
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()
    assert not User.objects.filter(erased_at__isnull=False).exists()
    assert Notification.objects.count() == TOTPDevice.objects.count() == 1
    assert Invitation.objects.count() == AccessRequest.objects.count() == 1
    assert OwnerSignup.objects.count() == 1
    assert not PersonalDataAccess.objects.exists()
    assert retention_sweep(today=TODAY) == counted


def test_second_run_does_nothing():
    _one_of_each()
    retention_sweep(today=TODAY)
    audited = PersonalDataAccess.objects.count()

    done = retention_sweep(today=TODAY)

    assert set(done.values()) == {0}
    assert PersonalDataAccess.objects.count() == audited


def _queries_of_sweep(persons: int) -> int:
    for _ in range(persons):
        _one_of_each()
    with CaptureQueriesContext(connection) as queries:
        done = retention_sweep(today=TODAY)
    assert done["persons"] == 3 * persons
    return len(queries)


def test_queries_of_the_sweep_do_not_grow_with_the_people():
    assert _queries_of_sweep(1) == _queries_of_sweep(5)
