import pytest

from programs.selectors import officer_completed_training
from tests.factories import CooperativeFactory, CooperativeRoleFactory

from .factories import EnrolmentFactory, ProgramFactory, today

pytestmark = pytest.mark.django_db


def test_an_officer_who_completed_the_kind_passes():
    cooperative = CooperativeFactory()
    role = CooperativeRoleFactory(cooperative=cooperative, role="officer")
    program = ProgramFactory(
        kind="technical_guidance", topic="bimtek_pembukuan_akuntansi"
    )
    EnrolmentFactory(
        program=program, cooperative=cooperative, person=role.person, status="completed"
    )

    by_kind = officer_completed_training(
        cooperative_id=cooperative.pk, kind="technical_guidance", today=today()
    )
    by_topic = officer_completed_training(
        cooperative_id=cooperative.pk, kind="bimtek_pembukuan_akuntansi", today=today()
    )
    other = officer_completed_training(
        cooperative_id=cooperative.pk, kind="mentoring", today=today()
    )

    assert (by_kind, by_topic, other) == (True, True, False)


@pytest.mark.parametrize(
    ("status", "role"), [("confirmed", "officer"), ("completed", "member")]
)
def test_unfinished_training_or_a_plain_member_does_not_pass(status, role):
    cooperative = CooperativeFactory()
    person_role = CooperativeRoleFactory(cooperative=cooperative, role=role)
    EnrolmentFactory(
        program=ProgramFactory(kind="training"),
        cooperative=cooperative,
        person=person_role.person,
        status=status,
    )

    assert (
        officer_completed_training(
            cooperative_id=cooperative.pk, kind="training", today=today()
        )
        is False
    )


def test_without_a_cooperative_it_cannot_tell():
    assert (
        officer_completed_training(cooperative_id=None, kind="training", today=today())
        is None
    )
