"""Changes a service makes to registry rows besides the one it saves are audited
too (SPEC: who, when, what): the same person's other roles in a cooperative
following the name and contact just recorded, and a cooperative's last RAT date
following its verified reports; each with the acting user and a reason, in a
number of queries that does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives import services
from cooperatives.models import Cooperative, CooperativeRole
from cooperatives.services.people import RECORDED_AGAIN
from cooperatives.services.reports import RAT_REFRESHED
from tests.factories import (
    AnnualReportFactory,
    CooperativeFactory,
    CooperativeRoleFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    CooperativeRole.Role.SUPERVISOR,
    CooperativeRole.Role.MANAGER,
    CooperativeRole.Role.EMPLOYEE,
]


def person_with_roles(others: int) -> tuple[CooperativeRole, list[CooperativeRole]]:
    """An officer's role and `others` more roles of the same person there."""
    cooperative = CooperativeFactory()
    person = PersonFactory(name="Siti Rahma")
    role = CooperativeRoleFactory(
        person=person, cooperative=cooperative, person_name="Siti Rahma"
    )
    return role, [
        CooperativeRoleFactory(
            person=person, cooperative=cooperative, role=kind, person_name="Siti R."
        )
        for kind in OTHER_ROLES[:others]
    ]


def role_update(role: CooperativeRole, by) -> int:
    """The queries the update ran."""
    with CaptureQueriesContext(connection) as captured:
        services.cooperative_role_update(
            role_id=role.pk,
            person={"name": "Siti Rahmawati", "email": "siti@example.id"},
            position=CooperativeRole.Position.CHAIR,
            starts_on=datetime.date(2024, 1, 1),
            by=by,
        )
    return len(captured.captured_queries)


def test_the_persons_other_roles_follow_with_their_history_in_constant_queries(
    staff_user,
):
    one, one_other = person_with_roles(1)
    three, three_others = person_with_roles(3)

    queries = [role_update(one, staff_user), role_update(three, staff_user)]

    assert queries[0] == queries[1]
    for other in [*one_other, *three_others]:
        records = list(other.history.order_by("-history_id"))
        assert len(records) == 2  # its creation, then the change
        assert records[0].history_type == "~"
        assert records[0].person_name == "Siti Rahmawati"
        assert records[0].person_email == "siti@example.id"
        assert records[0].history_user == staff_user
        assert records[0].history_change_reason == RECORDED_AGAIN
    assert set(
        CooperativeRole.objects.filter(person=three.person).values_list(
            "person_name", flat=True
        )
    ) == {"Siti Rahmawati"}


def test_roles_already_alike_get_no_history_record(staff_user):
    role, others = person_with_roles(2)
    CooperativeRole.objects.filter(pk__in=[o.pk for o in others]).update(
        person_name="Siti Rahmawati", person_email="siti@example.id"
    )

    role_update(role, staff_user)

    assert [o.history.count() for o in others] == [1, 1]


def test_verifying_a_report_audits_the_cooperatives_last_rat_date(staff_user):
    held = datetime.date(2025, 3, 1)
    report = AnnualReportFactory(fiscal_year=2024, rat_held_on=held)
    cooperative = report.cooperative
    before = cooperative.history.count()

    services.annual_report_verify(report_id=report.pk, by=staff_user)
    services.cooperative_refresh_rat_status(cooperative_id=cooperative.pk)

    records = list(cooperative.history.order_by("-history_id"))
    assert len(records) == before + 1  # the second refresh changed nothing
    assert records[0].last_rat_on == held
    assert records[0].history_user == staff_user
    assert records[0].history_change_reason == RAT_REFRESHED
    assert Cooperative.objects.get(pk=cooperative.pk).last_rat_on == held
