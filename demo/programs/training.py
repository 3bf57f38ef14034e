"""Demo programs of every kind (their sessions, participants, attendance and
certificates), each at the stage its plan gives around `today`, and programs
held in each of the four years before.
"""

import datetime
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cooperatives.models import Cooperative, CooperativeRole, Enterprise, Person
from programs import services
from programs.models import Attendance, Enrolment, Program, Session

PREFIX = {
    Program.Kind.TRAINING: "DIKLAT",
    Program.Kind.TECHNICAL_GUIDANCE: "BIMTEK",
    Program.Kind.MENTORING: "PENDAMPINGAN",
    Program.Kind.EMPOWERMENT: "PEMBERDAYAAN",
}
SIGNATORY = ("Dra. Hj. Noor Hayati, M.Si.", "Kepala UPTD Pelatihan Koperasi dan UKM")
TRAINERS = [
    "Dr. H. Rahmat Hidayat, S.E., M.M.",
    "Ir. Bambang Santoso, M.Si.",
    "Dewi Lestari, S.E., Ak., CA",
    "Muhammad Arif, S.Kom.",
    "Hj. Nurul Aini, S.H., M.Kn.",
]


@dataclass(frozen=True)
class Plan:
    seq: int
    kind: str
    title: str
    topic: str
    audience: str
    district: str | None
    starts_in: int  # days from today; from 1 January when years_back is set
    days: int
    state: str  # completed, ongoing, open, draft
    quota: int = 30
    participants: int = 0
    years_back: int = 0  # a program of an earlier year, held and completed


# Around today: held, running, open for registration to each audience (officers,
# members, SME owners) with seats left, and a draft.
PLANS = [
    Plan(1, Program.Kind.TRAINING, "Diklat Perkoperasian bagi Pengurus dan Pengawas",
         "diklat_perkoperasian", "officers", None, -75, 3, "completed", 30, 24),
    Plan(1, Program.Kind.TECHNICAL_GUIDANCE, "Bimtek Penyusunan Laporan RAT",
         "bimtek_penyusunan_rat", "officers", "64.72", -40, 2, "completed", 25, 20),
    Plan(2, Program.Kind.TRAINING, "Diklat Manajemen Usaha Koperasi",
         "manajemen_usaha", "officers", None, -1, 3, "ongoing", 20, 23),
    Plan(1, Program.Kind.EMPOWERMENT, "Pelatihan Pemasaran Digital bagi UMKM",
         "digital_marketing", "smes", None, 30, 3, "open", 30, 8),
    Plan(2, Program.Kind.TECHNICAL_GUIDANCE, "Bimtek Pembukuan Koperasi (SAK EP)",
         "bimtek_pembukuan_akuntansi", "members", "64.71", 20, 2, "open", 25, 10),
    Plan(4, Program.Kind.TRAINING, "Diklat Pengawasan Koperasi bagi Pengurus dan "
         "Pengawas", "diklat_perkoperasian", "officers", None, 25, 3, "open", 30, 9),
    Plan(2, Program.Kind.EMPOWERMENT, "Pelatihan Kewirausahaan bagi Anggota Koperasi",
         "kewirausahaan", "members", None, 35, 2, "open", 40, 12),
    Plan(1, Program.Kind.MENTORING, "Pendampingan Koperasi Tidak Aktif menuju RAT",
         "pendampingan_plut", "officers", None, -120, 240, "ongoing", 40),
    Plan(3, Program.Kind.TRAINING, "Diklat Digitalisasi Koperasi",
         "digitalisasi_koperasi", "officers", None, 60, 2, "draft", 30),
]  # fmt: skip

# The four years before: two programs held and completed in each, so the
# dashboard's five years of participants and the yearly outcome reports all have
# figures. Sequence numbers from 11 keep their codes apart from the plans above.
PAST_PLANS = [
    Plan(11, Program.Kind.TRAINING, "Diklat Perkoperasian bagi Pengurus dan Pengawas",
         "diklat_perkoperasian", "officers", None, 120, 3, "completed", 30, 26, 1),
    Plan(11, Program.Kind.EMPOWERMENT, "Pelatihan Kewirausahaan bagi UMKM",
         "kewirausahaan", "smes", "64.72", 250, 3, "completed", 25, 20, 1),
    Plan(11, Program.Kind.TECHNICAL_GUIDANCE, "Bimtek Penyusunan Laporan RAT",
         "bimtek_penyusunan_rat", "officers", None, 60, 2, "completed", 30, 25, 2),
    Plan(12, Program.Kind.EMPOWERMENT, "Pelatihan Pengemasan Produk UMKM",
         "pengemasan_produk", "smes", "64.71", 200, 2, "completed", 25, 18, 2),
    Plan(11, Program.Kind.TRAINING, "Diklat Manajemen Usaha Koperasi",
         "manajemen_usaha", "officers", None, 150, 3, "completed", 30, 22, 3),
    Plan(12, Program.Kind.TECHNICAL_GUIDANCE, "Bimtek Pembukuan Koperasi (SAK EP)",
         "bimtek_pembukuan_akuntansi", "members", "64.02", 280, 2, "completed", 25,
         17, 3),
    Plan(11, Program.Kind.TRAINING, "Diklat Perkoperasian Dasar",
         "diklat_perkoperasian", "officers", None, 100, 3, "completed", 30, 21, 4),
    Plan(13, Program.Kind.EMPOWERMENT, "Pelatihan Sertifikasi Halal dan PIRT",
         "sertifikasi_halal_pirt", "smes", None, 220, 2, "completed", 30, 19, 4),
]  # fmt: skip


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _starts_on(plan: Plan, today: datetime.date) -> datetime.date:
    if plan.years_back:
        first = datetime.date(today.year - plan.years_back, 1, 1)
        return first + datetime.timedelta(days=plan.starts_in)
    return today + datetime.timedelta(days=plan.starts_in)


def _program(plan: Plan, today: datetime.date) -> Program:
    starts_on = _starts_on(plan, today)
    ends_on = starts_on + datetime.timedelta(days=plan.days - 1)
    opens = starts_on - datetime.timedelta(days=45 if plan.state != "open" else 52)
    closes = (
        today + datetime.timedelta(days=plan.starts_in - 7)
        if plan.state == "open"
        else starts_on - datetime.timedelta(days=5)
    )
    if plan.state == "open":
        opens = min(opens, today - datetime.timedelta(days=3))
    return Program(
        code=f"{PREFIX[plan.kind]}-{starts_on.year}-{plan.seq:03d}",
        title=plan.title,
        kind=plan.kind,
        topic=plan.topic,
        year=starts_on.year,
        audience=plan.audience,
        district_id=plan.district,
        quota=plan.quota,
        registration_opens=opens,
        registration_closes=min(closes, ends_on),
        starts_on=starts_on,
        ends_on=ends_on,
        venue="Aula UPTD Pelatihan Koperasi dan UKM, Samarinda"
        if plan.district is None
        else "Hotel Bumi Senyiur, Samarinda"
        if plan.district == "64.72"
        else "Gedung Koperasi Balikpapan",
        hours=8 * plan.days if plan.days <= 5 else 48,
        funding_source=Program.FundingSource.DAK
        if plan.kind != Program.Kind.EMPOWERMENT
        else Program.FundingSource.APBD,
        status={
            "completed": Program.Status.ONGOING,  # completed by the service below
            "ongoing": Program.Status.ONGOING,
            "open": Program.Status.PUBLISHED,
            "draft": Program.Status.DRAFT,
        }[plan.state],
        completion_rule_percent=80,
        signatory_name=SIGNATORY[0],
        signatory_title=SIGNATORY[1],
    )


def _sessions(rng: random.Random, program: Program) -> list[Session]:
    sessions = []
    for offset in range(min((program.ends_on - program.starts_on).days + 1, 5)):
        day = program.starts_on + datetime.timedelta(days=offset)
        for start, end, title in ((8, 12, "Materi pagi"), (13, 16, "Materi siang")):
            sessions.append(
                Session(
                    program=program,
                    title=f"{title} hari ke-{offset + 1}",
                    starts_at=_aware(day, start),
                    ends_at=_aware(day, end),
                    place=program.venue,
                    trainer=rng.choice(TRAINERS),
                )
            )
    return bulk_create_with_history(sessions, Session)


def _candidates(plan: Plan, today: datetime.date) -> list[tuple[int, int | None, str]]:
    """(person, cooperative, district) rows that fit the plan's audience."""
    if plan.audience == Program.Audience.SMES:
        rows = Enterprise.objects.values_list(
            "owner_id", "cooperative_id", "district_id"
        )
    else:
        roles = (
            [CooperativeRole.Role.MEMBER]
            if plan.audience == Program.Audience.MEMBERS
            else [CooperativeRole.Role.OFFICER, CooperativeRole.Role.SUPERVISOR]
        )
        rows = (
            CooperativeRole.objects.current(today)
            .filter(role__in=roles, cooperative__status=Cooperative.Status.REGISTERED)
            .values_list("person_id", "cooperative_id", "cooperative__district_id")
        )
    if plan.district:
        rows = rows.filter(**{rows.district_path: plan.district})
    seen, unique = set(), []
    for row in rows.order_by("pk")[:3000]:
        if row[0] not in seen:
            seen.add(row[0])
            unique.append(row)
    return unique


def _demo_officer(today) -> tuple[int, int, str] | None:
    person = Person.objects.filter(user__username="pengurus.demo").first()
    role = person and person.roles.current(today).select_related("cooperative").first()
    if role is None:
        return None
    return person.pk, role.cooperative_id, role.cooperative.district_id


def _held(rng, program: Program, people: list, staff, confirmed: int, today) -> None:
    """Participants enrolled directly (the registration window lies in the past),
    with attendance for the sessions already held."""
    names = dict(
        Person.objects.filter(pk__in=[row[0] for row in people]).values_list(
            "pk", "name"
        )
    )
    enrolments = bulk_create_with_history(
        [
            Enrolment(
                program=program,
                person_id=person,
                participant_name=names[person],
                cooperative_id=cooperative,
                district_id=district,
                nominated_by=staff,
                status=Enrolment.Status.CONFIRMED
                if index < confirmed
                else Enrolment.Status.WAITLISTED,
            )
            for index, (person, cooperative, district) in enumerate(people)
        ],
        Enrolment,
    )
    held_before = _aware(today, 0)
    diligence = {e.pk: rng.uniform(0.55, 1.0) for e in enrolments}
    bulk_create_with_history(
        [
            Attendance(
                enrolment=enrolment,
                session=session,
                present=rng.random() < diligence[enrolment.pk],
                recorded_by=staff,
            )
            for session in program.sessions.filter(starts_at__lt=held_before)
            for enrolment in enrolments[:confirmed]
        ],
        Attendance,
    )


def _seed_program(rng, plan: Plan, today, staff) -> Program | None:
    program = _program(plan, today)
    if Program.objects.filter(code=program.code).exists():
        return None
    program.full_clean()
    program.save()
    if plan.state == "draft" or plan.kind == Program.Kind.MENTORING:
        return program
    _sessions(rng, program)
    people = _candidates(plan, today)
    people = rng.sample(people, min(len(people), plan.participants))
    if plan.state == "open":
        for person, cooperative, _district in people:
            try:
                services.enrolment_nominate(
                    program_id=program.pk,
                    person_id=person,
                    cooperative_id=None
                    if plan.audience == Program.Audience.SMES
                    else cooperative,
                    by=staff,
                    today=today,
                )
            except ValidationError:
                continue  # this one does not fit the program: the demo goes on
        return program
    demo = _demo_officer(today)
    if (
        plan.state == "completed"
        and plan.district is None
        and plan.audience == Program.Audience.OFFICERS
        and demo
    ):
        people = [demo, *[p for p in people if p[0] != demo[0]]][: plan.participants]
    _held(rng, program, people, staff, min(plan.quota, len(people)), today)
    if plan.state == "completed":
        if demo and people and people[0] == demo:
            Attendance.objects.filter(
                enrolment__program=program, enrolment__person_id=demo[0]
            ).update(present=True)
        services.program_complete(
            program_id=program.pk, by=staff, today=program.ends_on
        )
    return program
