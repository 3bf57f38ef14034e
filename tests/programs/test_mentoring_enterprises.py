"""Mentoring of enterprises as of cooperatives: exactly one mentee (the field
named in the error), visits the same, the scope rules (a district sees its
district's, an owner their enterprise's, a mentor theirs), the admin and the
portal pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.scope import Scope
from cooperatives.models import Person
from notifications.models import Notification
from programs import selectors, services
from programs.models import MentorAssignment, MentoringVisit
from programs.reminders import follow_up_reminders_send
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    EnterpriseFactory,
    PersonFactory,
    UserFactory,
    officer_of,
)
from tests.owner_accounts import owner_of

from .factories import MentorAssignmentFactory, MentoringVisitFactory, days, today

pytestmark = pytest.mark.django_db
ONE_MENTEE = "Isi koperasi atau UMKM yang didampingi, salah satu saja."


def _enterprise_assignment(enterprise=None, **kwargs) -> MentorAssignment:
    return MentorAssignmentFactory(
        cooperative=None, enterprise=enterprise or EnterpriseFactory(), **kwargs
    )


def _assign(**mentee):
    return services.mentor_assign(
        mentor_id=PersonFactory().pk,
        field="production",
        year=today().year,
        starts_on=days(-10),
        by=None,
        **mentee,
    )


def test_an_enterprise_is_mentored_and_visited_as_a_cooperative_is():
    enterprise = EnterpriseFactory()

    assignment = _assign(enterprise_id=enterprise.pk)
    visit = services.mentoring_visit_log(
        assignment_id=assignment.pk,
        visited_on=days(-1),
        findings=" Pembukuan belum terpisah. ",
        follow_up_on=days(14),
        by=None,
    )

    assert (assignment.enterprise, assignment.cooperative) == (enterprise, None)
    assert assignment.mentee == enterprise
    assert enterprise.name in str(assignment)
    assert visit.findings == "Pembukuan belum terpisah."
    assert list(enterprise.mentor_assignments.get().visits.all()) == [visit]


@pytest.mark.parametrize("both", [True, False])
def test_exactly_one_mentee_is_refused_otherwise_naming_the_field(both):
    mentee = (
        {
            "cooperative_id": CooperativeFactory().pk,
            "enterprise_id": EnterpriseFactory().pk,
        }
        if both
        else {}
    )

    with pytest.raises(ValidationError) as refused:
        _assign(**mentee)

    assert refused.value.message_dict == {"cooperative": [ONE_MENTEE]}
    assert not MentorAssignment.objects.exists()


def test_the_database_refuses_an_assignment_with_both_mentees():
    assignment = _enterprise_assignment()

    with pytest.raises(IntegrityError), transaction.atomic():
        MentorAssignment.objects.filter(pk=assignment.pk).update(
            cooperative=CooperativeFactory()
        )


def test_an_enterprise_still_pending_verification_is_not_assigned():
    pending = EnterpriseFactory(status="pending")

    with pytest.raises(ValidationError) as refused:
        _assign(enterprise_id=pending.pk)

    assert list(refused.value.message_dict) == ["enterprise"]


def test_the_same_mentor_field_and_year_once_per_enterprise():
    first = _enterprise_assignment()

    with pytest.raises(ValidationError) as refused:
        services.mentor_assign(
            mentor_id=first.mentor_id,
            enterprise_id=first.enterprise_id,
            field=first.field,
            year=first.year,
            starts_on=days(-1),
            by=None,
        )

    assert list(refused.value.message_dict) == ["year"]


def test_scope_district_owner_and_officer():
    samarinda = _enterprise_assignment()  # the factory's enterprise: 64.72
    balikpapan = _enterprise_assignment(EnterpriseFactory(district_id="64.71"))
    cooperative = MentorAssignmentFactory()  # a Samarinda cooperative
    visit = MentoringVisitFactory(assignment=samarinda)
    owner = owner_of(samarinda.enterprise)
    officer = officer_of(cooperative.cooperative)

    def seen(model, user_or_scope):
        scope = (
            user_or_scope
            if isinstance(user_or_scope, Scope)
            else Scope.for_user(user_or_scope)
        )
        return set(model.objects.restrict(scope))

    assert seen(MentorAssignment, Scope.district("64.72")) == {samarinda, cooperative}
    assert seen(MentorAssignment, Scope.district("64.71")) == {balikpapan}
    assert seen(MentorAssignment, owner) == {samarinda}
    assert seen(MentorAssignment, owner_of(balikpapan.enterprise)) == {balikpapan}
    assert seen(MentorAssignment, officer) == {cooperative}
    assert seen(MentoringVisit, owner) == {visit}
    assert seen(MentoringVisit, Scope.district("64.71")) == set()
    assert seen(MentoringVisit, Scope.district("64.72")) == {visit}


def test_follow_up_reminder_names_the_enterprise():
    mentor_user = UserFactory()
    visit = MentoringVisitFactory(
        assignment=_enterprise_assignment(), follow_up_on=days(1)
    )
    Person.objects.filter(pk=visit.assignment.mentor_id).update(user=mentor_user)

    sent = follow_up_reminders_send(today=days(0))

    assert sent == 1
    assert visit.assignment.enterprise.name in Notification.objects.get().title


# --- The admin -------------------------------------------------------------------
def _admin_data(mentor, **mentee) -> dict:
    return {
        "mentor": mentor.pk,
        "cooperative": "",
        "enterprise": "",
        "program": "",
        "field": "marketing",
        "year": today().year,
        "starts_on": days(-10).isoformat(),
        "ends_on": "",
        "visits-TOTAL_FORMS": 1,
        "visits-INITIAL_FORMS": 0,
        "visits-0-visited_on": days(-2).isoformat(),
        "visits-0-findings": "Kemasan belum berlabel.",
        "visits-0-recommendations": "",
        "visits-0-follow_up_on": "",
        **mentee,
    }


def test_admin_assigns_a_mentor_to_an_enterprise_with_a_visit(staff_client):
    enterprise, mentor = (
        EnterpriseFactory(name="Keripik Amplang Bu Sari"),
        PersonFactory(),
    )

    response = staff_client.post(
        reverse("admin:programs_mentorassignment_add"),
        _admin_data(mentor, enterprise=enterprise.pk),
    )
    changelist = staff_client.get(
        reverse("admin:programs_mentorassignment_changelist"), {"district": "64.72"}
    )

    assert response.status_code == 302
    assignment = MentorAssignment.objects.get()
    assert assignment.enterprise == enterprise
    assert assignment.visits.get().findings == "Kemasan belum berlabel."
    assert "Keripik Amplang Bu Sari" in changelist.content.decode()


@pytest.mark.parametrize("mentees", ["neither", "both"])
def test_admin_refuses_neither_or_both_mentees_beside_the_field(staff_client, mentees):
    mentee = (
        {}
        if mentees == "neither"
        else {
            "cooperative": CooperativeFactory().pk,
            "enterprise": EnterpriseFactory().pk,
        }
    )

    response = staff_client.post(
        reverse("admin:programs_mentorassignment_add"),
        _admin_data(PersonFactory(), **mentee),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cooperative"] == [ONE_MENTEE]
    assert not MentorAssignment.objects.exists()


# --- The portal -----------------------------------------------------------------
def test_district_mentoring_lists_its_district_only(client):
    mine = _enterprise_assignment(EnterpriseFactory(name="Tenun Ulap Doyo"))
    MentorAssignmentFactory(cooperative=CooperativeFactory(name="KSP Mahakam"))
    _enterprise_assignment(
        EnterpriseFactory(name="Usaha Balikpapan", district_id="64.71")
    )
    client.force_login(DistrictUserFactory())

    body = client.get("/portal/dinas/pendampingan/").content.decode()

    assert "Tenun Ulap Doyo" in body
    assert "KSP Mahakam" in body
    assert "Usaha Balikpapan" not in body
    assert mine.mentor.name in body
    assert 'href="/portal/dinas/pendampingan/"' in body


def test_district_mentoring_queries_do_not_grow_with_the_rows(
    client, django_assert_max_num_queries
):
    client.force_login(DistrictUserFactory())
    MentoringVisitFactory(assignment=_enterprise_assignment())
    # The header's unread count and mentor link are one query (portal.selectors).
    with django_assert_max_num_queries(5) as captured:
        client.get("/portal/dinas/pendampingan/")
    baseline = len(captured.captured_queries)
    for _ in range(6):
        MentoringVisitFactory(assignment=_enterprise_assignment())
        MentoringVisitFactory()

    with django_assert_max_num_queries(baseline):
        client.get("/portal/dinas/pendampingan/")


def test_owner_sees_their_enterprise_mentoring_and_visits_only(client):
    assignment = _enterprise_assignment()
    MentoringVisitFactory(assignment=assignment, findings="Stok bahan baku menipis.")
    other = _enterprise_assignment(EnterpriseFactory(name="Usaha Tetangga"))
    MentoringVisitFactory(assignment=other, findings="Rahasia tetangga.")
    client.force_login(owner_of(assignment.enterprise))

    body = client.get("/portal/pendampingan/").content.decode()

    assert assignment.enterprise.name in body
    assert "Stok bahan baku menipis." in body
    assert "Usaha Tetangga" not in body
    assert "Rahasia tetangga." not in body
    assert 'href="/portal/pendampingan/"' in body  # the owner's header link


def test_mentor_sees_their_assignments_of_cooperatives_and_enterprises(client):
    mentor_user = officer_of(CooperativeFactory())
    mentor = Person.objects.get(user=mentor_user)
    enterprise = _enterprise_assignment(mentor=mentor)
    cooperative = MentorAssignmentFactory(mentor=mentor)
    someone_elses = _enterprise_assignment(EnterpriseFactory(name="Bukan Dampingan"))
    client.force_login(mentor_user)

    body = client.get("/portal/pendampingan/").content.decode()

    assert enterprise.enterprise.name in body
    assert cooperative.cooperative.name in body
    assert someone_elses.enterprise.name not in body


def test_my_mentoring_queries_do_not_grow_with_the_rows(
    client, django_assert_max_num_queries
):
    enterprise = EnterpriseFactory()
    owner = owner_of(enterprise)
    client.force_login(owner)
    MentoringVisitFactory(assignment=_enterprise_assignment(enterprise))
    with django_assert_max_num_queries(15) as captured:
        client.get("/portal/pendampingan/")
    baseline = len(captured.captured_queries)
    for field in ("production", "marketing", "financing"):
        assignment = _enterprise_assignment(enterprise, field=field)
        MentoringVisitFactory.create_batch(2, assignment=assignment)

    with django_assert_max_num_queries(baseline):
        client.get("/portal/pendampingan/")


def test_the_cooperative_mentoring_page_leaves_enterprises_out(client):
    cooperative = CooperativeFactory()
    officer = officer_of(cooperative)
    MentorAssignmentFactory(cooperative=cooperative)
    _enterprise_assignment(EnterpriseFactory(name="UMKM Lain", cooperative=cooperative))
    client.force_login(officer)

    body = client.get(
        reverse("portal:mentoring", args=[cooperative.pk])
    ).content.decode()

    assert "UMKM Lain" not in body
    assert "Belum ada kunjungan" in body


def test_selectors_of_the_owner_list_nothing_for_other_scopes():
    _enterprise_assignment()

    assert not selectors.mentor_assignment_for_owner_list(scope=Scope.province())
    assert not selectors.mentor_assignment_for_owner_list(scope=Scope.district("64.72"))
