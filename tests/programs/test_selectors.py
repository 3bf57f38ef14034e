"""Mentoring reads: the candidates (no verified RAT report for last year, inactive
first) and the cooperatives that became active again after mentoring."""

import datetime

import pytest

from accounts.scope import Scope
from cooperatives.models import Cooperative
from programs.selectors import (
    enrolment_for_program_list,
    mentoring_candidate_list,
    mentoring_reactivation_stats,
)
from tests.factories import AnnualReportFactory, CooperativeFactory, district

from .factories import EnrolmentFactory, MentorAssignmentFactory, sessions_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)


def verified_rat(cooperative, held_on: datetime.date, status="verified"):
    AnnualReportFactory(
        cooperative=cooperative,
        fiscal_year=held_on.year - 1,
        rat_held_on=held_on,
        status=status,
    )
    if status == "verified":
        Cooperative.objects.filter(pk=cooperative.pk).update(last_rat_on=held_on)


def test_candidates_are_those_without_last_years_verified_report_inactive_first():
    reported = CooperativeFactory(name="A Sudah Lapor")
    verified_rat(reported, datetime.date(2026, 3, 1))
    active = CooperativeFactory(name="B Aktif Belum Lapor")
    verified_rat(active, datetime.date(2025, 3, 15))
    pending = CooperativeFactory(name="C Laporan Belum Diverifikasi")
    verified_rat(pending, datetime.date(2026, 3, 1), status="submitted")
    CooperativeFactory(name="D Tidur")
    CooperativeFactory(name="E Bubar", status="dissolved")

    rows = list(mentoring_candidate_list(scope=Scope.province(), today=TODAY))

    assert [c.name for c in rows] == [
        "C Laporan Belum Diverifikasi",
        "D Tidur",
        "B Aktif Belum Lapor",
    ]
    assert [c.active_now for c in rows] == [False, False, True]


def test_candidates_are_scoped_and_show_who_is_mentored():
    mentored = CooperativeFactory(district=district("64.72"))
    MentorAssignmentFactory(cooperative=mentored, starts_on=datetime.date(2026, 2, 1))
    CooperativeFactory(district=district("64.71"))

    rows = list(mentoring_candidate_list(scope=Scope.district("64.72"), today=TODAY))

    assert [(c.pk, c.has_mentor) for c in rows] == [(mentored.pk, True)]


def test_reactivation_counts_inactive_cooperatives_with_a_rat_after_mentoring():
    start = datetime.date(2025, 3, 1)

    def mentored(year=2025, starts_on=start, area="64.72"):
        cooperative = CooperativeFactory(district=district(area))
        MentorAssignmentFactory(cooperative=cooperative, year=year, starts_on=starts_on)
        return cooperative

    woke_up = mentored()
    verified_rat(woke_up, datetime.date(2020, 4, 1))
    verified_rat(woke_up, datetime.date(2025, 6, 10))
    was_active = mentored()
    verified_rat(was_active, datetime.date(2024, 3, 15))
    verified_rat(was_active, datetime.date(2025, 5, 2))
    still_asleep = mentored()
    verified_rat(still_asleep, datetime.date(2021, 3, 1))
    not_verified = mentored()
    verified_rat(not_verified, datetime.date(2025, 8, 1), status="submitted")
    twice = mentored()
    MentorAssignmentFactory(
        cooperative=twice, year=2025, starts_on=start, field="marketing"
    )
    verified_rat(twice, datetime.date(2025, 9, 9))
    verified_rat(mentored(year=2026, starts_on=datetime.date(2026, 1, 5)), TODAY)
    verified_rat(mentored(area="64.71"), datetime.date(2025, 6, 1))

    province = mentoring_reactivation_stats(scope=Scope.province())
    samarinda = mentoring_reactivation_stats(scope=Scope.district("64.72"))

    assert province == [
        {"year": 2026, "mentored": 1, "inactive_at_start": 1, "reactivated": 1},
        {"year": 2025, "mentored": 6, "inactive_at_start": 5, "reactivated": 3},
    ]
    assert samarinda[1] == {
        "year": 2025,
        "mentored": 5,
        "inactive_at_start": 4,
        "reactivated": 2,
    }


def test_participants_of_a_program_with_their_attendance():
    enrolment = EnrolmentFactory()
    sessions = sessions_for(enrolment.program, 3)
    for session in sessions[:2]:
        enrolment.attendances.create(session=session, present=True)
    enrolment.attendances.create(session=sessions[2], present=False)

    (row,) = enrolment_for_program_list(
        scope=Scope.province(), program_id=enrolment.program_id
    )

    assert row.sessions_attended == 2
    assert row.waitlist_position is None
