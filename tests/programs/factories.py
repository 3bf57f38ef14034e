"""Factories of the programs app with valid defaults: a published program open for
registration today, its sessions, enrolments and mentoring."""

import datetime

import factory
from django.utils import timezone

from cooperatives.models import CooperativeRole
from programs.models import (
    Enrolment,
    MentorAssignment,
    MentoringField,
    MentoringVisit,
    Program,
    Session,
)
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    PersonFactory,
)


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"DIKLAT-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Diklat Perkoperasian Angkatan {n + 1}")
    kind = Program.Kind.TRAINING
    topic = "diklat_perkoperasian"
    year = factory.LazyFunction(lambda: today().year)
    audience = Program.Audience.OFFICERS
    district = None
    quota = 30
    registration_opens = factory.LazyFunction(lambda: days(-10))
    registration_closes = factory.LazyFunction(lambda: days(10))
    starts_on = factory.LazyFunction(lambda: days(20))
    ends_on = factory.LazyFunction(lambda: days(24))
    venue = "Hotel Mesra, Samarinda"
    hours = 30
    funding_source = Program.FundingSource.DAK
    status = Program.Status.PUBLISHED
    signatory_name = "Dra. Siti Rahmawati, M.Si."
    signatory_title = "Kepala UPTD Pelatihan Koperasi dan UKM"

    class Params:
        # Held in the past: registration closed, every session over.
        past = factory.Trait(
            status=Program.Status.ONGOING,
            registration_opens=factory.LazyFunction(lambda: days(-60)),
            registration_closes=factory.LazyFunction(lambda: days(-40)),
            starts_on=factory.LazyFunction(lambda: days(-30)),
            ends_on=factory.LazyFunction(lambda: days(-26)),
        )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Materi {n + 1}")
    starts_at = factory.LazyAttribute(lambda s: at(s.program.starts_on, 8))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=4))
    place = "Ruang Mahakam"
    trainer = "Ir. Bambang Santoso"


def sessions_for(program: Program, count: int) -> list[Session]:
    """`count` sessions on the program's days, two a day."""
    return [
        SessionFactory(
            program=program,
            starts_at=at(
                program.starts_on + datetime.timedelta(days=i // 2), 8 + 5 * (i % 2)
            ),
        )
        for i in range(count)
    ]


def officer_person(cooperative=None, role=CooperativeRole.Role.OFFICER, **kwargs):
    """A person with a current role in the cooperative."""
    role = CooperativeRoleFactory(
        cooperative=cooperative or CooperativeFactory(), role=role, **kwargs
    )
    return role.person


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    program = factory.SubFactory(ProgramFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    person = factory.LazyAttribute(lambda e: officer_person(e.cooperative))
    district = factory.LazyAttribute(
        lambda e: e.cooperative.district if e.cooperative else None
    )
    status = Enrolment.Status.CONFIRMED


class MentorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    mentor = factory.SubFactory(PersonFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    field = MentoringField.INSTITUTIONAL
    year = factory.LazyFunction(lambda: today().year)
    starts_on = factory.LazyFunction(lambda: days(-30))


class MentoringVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringVisit

    assignment = factory.SubFactory(MentorAssignmentFactory)
    visited_on = factory.LazyFunction(lambda: days(-7))
    findings = "Buku anggota belum diperbarui sejak 2022."
    recommendations = "Perbarui buku anggota dan siapkan RAT."
    follow_up_on = factory.LazyFunction(lambda: days(14))
