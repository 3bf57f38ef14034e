"""The retention sweep (privacy.services): each rule acts the day after its period
ends and not on its last day, one link still in its period keeps a person, the
anonymised person's copies and history are cleared, and the sweep is audited,
set-based and safe to run twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.system_actor import system_user
from audit.models import PersonalDataAccess
from cooperatives.models import (
    AccessRequest,
    CooperativeRole,
    Enterprise,
    Invitation,
    OwnerSignup,
    Person,
    PersonReconciliation,
)
from cooperatives.services.personal_data import nik_reencrypt
from notifications.models import Notification, PhoneNumber
from privacy.retention import years_before
from privacy.services import retention_sweep
from programs.models import Enrolment
from tests.factories import CooperativeRoleFactory, PersonFactory, UserFactory
from tests.programs.factories import EnrolmentFactory, ProgramFactory

from .factories import (
    CUT,
    DAY,
    TODAY,
    cooperative_dissolved,
    invitation,
    loan_closing,
    mentoring_ending,
    noon,
    owner_signup,
    ownership_ending,
    program_ending,
    refused_request,
    role_ending,
)

pytestmark = pytest.mark.django_db

LINKS = [
    (role_ending, CUT.links),
    (mentoring_ending, CUT.links),
    (cooperative_dissolved, CUT.links),
    (ownership_ending, CUT.links),
    (program_ending, CUT.training),
    (loan_closing, CUT.financing),
]


@pytest.mark.parametrize(
    ("link", "cutoff"), LINKS, ids=lambda v: getattr(v, "__name__", "")
)
@pytest.mark.parametrize(("days", "acted"), [(-1, True), (0, False), (1, False)])
def test_person_is_anonymised_the_day_after_the_period_of_a_link(
    link, cutoff, days, acted
):
    person = link(cutoff + days * DAY)

    done = retention_sweep(today=TODAY)

    person.refresh_from_db()
    assert done["persons"] == int(acted)
    assert (person.anonymised_at is not None) is acted
    assert (person.name == Person.ANONYMISED_NAME) is acted


@pytest.mark.parametrize(
    ("link", "cutoff"), LINKS, ids=lambda v: getattr(v, "__name__", "")
)
def test_one_link_still_in_its_period_keeps_the_person(link, cutoff):
    person = role_ending(CUT.links - 100 * DAY)  # long passed
    program = ProgramFactory(starts_on=TODAY, ends_on=TODAY)
    EnrolmentFactory(program=program, person=person, cooperative=None)
    name = person.name

    done = retention_sweep(today=TODAY)

    person.refresh_from_db()
    assert done["persons"] == 0
    assert person.name == name
    assert person.anonymised_at is None


def test_an_active_account_keeps_the_person_an_inactive_one_does_not():
    active = role_ending(CUT.links - DAY)
    active.user = UserFactory()
    active.save()
    inactive = role_ending(CUT.links - DAY)
    inactive.user = UserFactory(is_active=False)
    inactive.save()

    retention_sweep(today=TODAY)

    active.refresh_from_db()
    inactive.refresh_from_db()
    assert active.anonymised_at is None
    assert inactive.anonymised_at is not None
    assert inactive.user is None


@pytest.mark.parametrize(("days", "acted"), [(0, False), (1, True)])
def test_a_person_never_linked_is_kept_five_years_from_being_recorded(days, acted):
    person = PersonFactory()
    recorded_on = timezone.localdate(person.created_at)

    done = retention_sweep(today=years_before(recorded_on, -5) + days * DAY)

    person.refresh_from_db()
    assert done["persons"] == int(acted)
    assert (person.anonymised_at is not None) is acted


def test_anonymised_person_keeps_no_personal_data_live_or_in_history(client):
    person = PersonFactory(
        name="Siti Aminah", phone="081234567890", email="siti@example.id"
    )
    person.name = "Siti A. Aminah"
    person.save()
    nik_hash = person.nik_hash
    role = CooperativeRoleFactory(person=person, ends_on=CUT.links - DAY)
    program = ProgramFactory(starts_on=CUT.training - DAY, ends_on=CUT.training - DAY)
    code = "SERT-ANONIM-1"
    enrolment = EnrolmentFactory(
        program=program,
        person=person,
        cooperative=None,
        status=Enrolment.Status.COMPLETED,
        certificate_number="001/DIKLAT/2026",
        certificate_code=code,
        certificate_issued_on=program.ends_on,
    )
    PersonReconciliation.objects.create(
        person=person, supplied_name="Siti A.", source="role"
    )
    kept = role_ending(CUT.links + DAY)

    retention_sweep(today=TODAY)

    person.refresh_from_db()
    role.refresh_from_db()
    enrolment.refresh_from_db()
    label = Person.ANONYMISED_NAME
    assert (person.name, person.phone, person.email) == (label, "", "")
    assert person.nik == ""
    assert person.nik_hash != nik_hash
    assert len(person.nik_hash) == 64
    history = list(Person.history.filter(id=person.pk))
    assert len(history) == 2
    for row in history:
        assert (row.name, row.phone, row.email, row.nik_hash) == (label, "", "", "")
        assert bytes(row.nik_encrypted) == b""
    assert (role.person_name, role.person_phone, role.person_email) == (label, "", "")
    assert {r.person_name for r in CooperativeRole.history.filter(id=role.pk)} == {
        label
    }
    assert enrolment.participant_name == label
    assert enrolment.participant_phone == enrolment.participant_email == ""
    assert {e.participant_name for e in Enrolment.history.filter(id=enrolment.pk)} == {
        label
    }
    assert not PersonReconciliation.objects.filter(person=person).exists()
    page = client.get(reverse("certificates:verify", args=[code])).content.decode()
    assert "Aminah" not in page
    assert label in page
    kept.refresh_from_db()
    assert kept.name != label
    assert Person.history.filter(id=kept.pk).exclude(name=label).exists()


def test_former_owners_name_is_cleared_from_the_enterprise_history():
    person = ownership_ending(CUT.links - DAY)

    retention_sweep(today=TODAY)

    names = set(
        Enterprise.history.filter(owner_id=person.pk).values_list(
            "owner_name", flat=True
        )
    )
    assert names == {Person.ANONYMISED_NAME}


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


def test_the_system_account_is_never_erased():
    system = system_user()
    User.objects.filter(pk=system.pk).update(deactivated_at=noon(CUT.accounts - DAY))

    retention_sweep(today=TODAY)

    system.refresh_from_db()
    assert system.erased_at is None
    assert system.username == "sistem"


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


def test_open_access_request_is_kept():
    request = refused_request(None)
    AccessRequest.objects.filter(pk=request.pk).update(
        status=AccessRequest.Status.OPEN, reason=""
    )

    done = retention_sweep(today=TODAY)

    assert done["access_requests"] == 0
    assert AccessRequest.objects.filter(pk=request.pk).exists()


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


def test_an_account_switched_on_again_loses_its_stale_deactivation_date():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(deactivated_at=noon(CUT.accounts - DAY))

    retention_sweep(today=TODAY)

    user.refresh_from_db()
    assert user.deactivated_at is None
    assert user.erased_at is None


def test_reencrypting_the_niks_passes_over_the_anonymised():
    person = role_ending(CUT.links - DAY)
    kept = CooperativeRoleFactory().person  # a current role
    retention_sweep(today=TODAY)

    rewritten = nik_reencrypt()

    person.refresh_from_db()
    assert person.nik == ""
    assert rewritten == 2  # the kept person and its history row
    assert kept.nik_matches(Person.objects.get(pk=kept.pk).nik)
