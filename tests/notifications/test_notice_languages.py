"""Notices in each recipient's language, dates in words in that language:
access requests, enrolment moves, certificates, mentoring follow-ups,
registration closing and financing applications waiting for review."""

import datetime

import pytest
from django.utils import timezone

from cooperatives.models import Person
from cooperatives.services import access_request_create
from financing import reminders
from notifications.models import Notification
from programs import services
from programs.reminders import (
    follow_up_reminders_send,
    registration_closing_reminders_send,
)
from tests.factories import (
    CooperativeFactory,
    DistrictUserFactory,
    StaffFactory,
    UserFactory,
    officer_of,
)
from tests.financing.factories import ApplicationFactory
from tests.programs.factories import (
    EnrolmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    days,
    officer_person,
    sessions_for,
)

pytestmark = pytest.mark.django_db

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def _english(day: datetime.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _indonesian(day: datetime.date) -> str:
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def test_registration_closing_in_each_officers_language_date_in_words():
    program = ProgramFactory(registration_closes=days(3), title="Pelatihan Kas")
    english = officer_of(CooperativeFactory(), language="en")
    indonesian = officer_of(CooperativeFactory())

    registration_closing_reminders_send(today=days(0))

    closes = days(3)
    assert Notification.objects.get(user=english).title == (
        f"Registration for {program.title} closes on {_english(closes)}"
    )
    assert Notification.objects.get(user=indonesian).title == (
        f"Pendaftaran {program.title} ditutup {_indonesian(closes)}"
    )


def test_mentoring_follow_up_in_each_mentors_language_date_in_words():
    english, indonesian = UserFactory(language="en"), UserFactory()
    visits = []
    for user in (english, indonesian):
        visit = MentoringVisitFactory(follow_up_on=days(1))
        Person.objects.filter(pk=visit.assignment.mentor_id).update(user=user)
        visits.append(visit)

    follow_up_reminders_send(today=days(0))

    name = visits[0].assignment.mentee.name
    notice = Notification.objects.get(user=english)
    assert notice.title == f"Mentoring follow-up tomorrow: {name}"
    assert f"visit of {_english(visits[0].visited_on)} to {name}" in notice.body
    notice = Notification.objects.get(user=indonesian)
    name = visits[1].assignment.mentee.name
    assert notice.title == f"Tindak lanjut pendampingan besok: {name}"
    assert f"kunjungan {_indonesian(visits[1].visited_on)} ke {name}" in notice.body


def test_review_overdue_in_each_staff_members_language():
    english, indonesian = StaffFactory(language="en"), StaffFactory()
    application = ApplicationFactory(
        status="submitted", submitted_at=timezone.now() - datetime.timedelta(days=30)
    )

    reminders.application_review_reminders_send(today=timezone.localdate())

    number = application.number
    assert Notification.objects.get(user=english).title == (
        f"Application {number} has not been decided"
    )
    assert Notification.objects.get(user=indonesian).title == (
        f"Permohonan {number} belum diputuskan"
    )


def test_access_request_notice_in_each_district_users_language():
    cooperative = CooperativeFactory()
    english = DistrictUserFactory(district=cooperative.district, language="en")
    indonesian = DistrictUserFactory(district=cooperative.district)

    request = access_request_create(
        cooperative_nik=cooperative.nik,
        nik="6472031205800781",
        name="Peminta Bahasa",
        email="peminta.bahasa@example.id",
    )

    notice = Notification.objects.get(user=english)
    assert (notice.title, notice.body) == (
        "New access request",
        f"Access request #{request.pk} awaits your decision.",
    )
    notice = Notification.objects.get(user=indonesian)
    assert (notice.title, notice.body) == (
        "Permintaan akses baru",
        f"Permintaan akses #{request.pk} menunggu keputusan Anda.",
    )


def test_waitlist_promotion_in_each_recipients_language():
    program = ProgramFactory(quota=1, title="Pelatihan Kas")
    cooperative = CooperativeFactory()
    seated = services.enrolment_nominate(
        program_id=program.pk, person_id=officer_person(cooperative).pk,
        cooperative_id=cooperative.pk, by=None,
    )  # fmt: skip
    participant, nominator = UserFactory(language="en"), UserFactory()
    person = officer_person(cooperative)
    Person.objects.filter(pk=person.pk).update(user=participant)
    services.enrolment_nominate(
        program_id=program.pk, person_id=person.pk,
        cooperative_id=cooperative.pk, by=nominator,
    )  # fmt: skip

    services.enrolment_cancel(enrolment_id=seated.pk, by=None, reason="Sakit")

    told = Notification.objects.filter(kind="enrolment_promoted")
    assert told.get(user=participant).title == (
        "Moved up from the waiting list: Pelatihan Kas"
    )
    assert told.get(user=nominator).title == "Naik dari daftar tunggu: Pelatihan Kas"


def test_certificate_notice_in_each_recipients_language():
    program = ProgramFactory(past=True, title="Pelatihan Kas")
    participant, nominator = UserFactory(language="en"), UserFactory()
    enrolment = EnrolmentFactory(program=program, nominated_by=nominator)
    Person.objects.filter(pk=enrolment.person_id).update(user=participant)
    for session in sessions_for(program, 2):
        services.attendance_record(
            session_id=session.pk, present_ids=[enrolment.pk], by=None
        )

    services.program_complete(program_id=program.pk, by=None)

    told = Notification.objects.filter(kind="certificate_issued")
    assert told.get(user=participant).title == "Certificate for Pelatihan Kas issued"
    assert told.get(user=nominator).title == "Sertifikat Pelatihan Kas terbit"
