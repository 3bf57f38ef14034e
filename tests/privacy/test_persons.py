"""The retention sweep on people: each link's period ends the day before the sweep
acts, not on its last day; one link still in its period keeps a person; an
anonymised person's copies and history are cleared too."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import (
    CooperativeRole,
    Enterprise,
    Person,
    PersonReconciliation,
)
from cooperatives.services.personal_data import nik_reencrypt
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
    loan_closing,
    mentoring_ending,
    ownership_ending,
    program_ending,
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
    person = link(cutoff + DAY)
    CooperativeRoleFactory(person=person, ends_on=CUT.links - 100 * DAY)  # passed
    program = ProgramFactory(starts_on=TODAY - 9000 * DAY, ends_on=CUT.training - DAY)
    EnrolmentFactory(program=program, person=person, cooperative=None)  # passed
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


def test_reencrypting_the_niks_passes_over_the_anonymised():
    person = role_ending(CUT.links - DAY)
    kept = CooperativeRoleFactory().person  # a current role
    retention_sweep(today=TODAY)

    rewritten = nik_reencrypt()

    person.refresh_from_db()
    assert person.nik == ""
    assert rewritten == 2  # the kept person and its history row
    assert kept.nik_matches(Person.objects.get(pk=kept.pk).nik)
