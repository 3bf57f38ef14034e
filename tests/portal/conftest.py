"""A mentor and their current assignment, for the pages a mentor records,
corrects and removes visits on."""

import pytest

from tests.factories import PersonFactory, UserFactory
from tests.programs.factories import MentorAssignmentFactory


@pytest.fixture
def mentor():
    user = UserFactory(username="pendamping.rina")
    PersonFactory(user=user, name="Rina Pendamping")
    return user


@pytest.fixture
def assignment(mentor):
    return MentorAssignmentFactory(
        mentor=mentor.person, cooperative__name="Koperasi Sejahtera Loa Janan"
    )
