"""Demo mentoring of inactive cooperatives: assignments, visits with findings and
recommendations, and a few cooperatives that file their RAT report again.
"""

import datetime
from collections import Counter
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from accounts.scope import Scope
from cooperatives import services as registry_services
from cooperatives.models import AnnualReport, Person
from programs import selectors, services
from programs.models import MentorAssignment, MentoringField, MentoringVisit, Program

REACTIVATED = 3  # mentored cooperatives that file a verified RAT report
MENTORS = [  # NIK, name: PLUT-KUMKM consultants
    ("6472031504780101", "Agus Setiawan, S.E."),
    ("6472035209820102", "Rina Wulandari, S.E., M.M."),
    ("6471021106750103", "Hendra Gunawan, S.T."),
    ("6402014307800104", "Yuliana Pratiwi, S.Kom."),
]
FINDINGS = [
    "Buku daftar anggota belum diperbarui; simpanan wajib tidak tercatat rutin.",
    "Laporan keuangan tahun lalu belum disusun; pengurus belum memahami SAK EP.",
    "RAT terakhir tiga tahun lalu; sebagian pengurus sudah tidak aktif.",
    "Unit usaha toko berjalan, tetapi pencatatan penjualan masih di buku tulis.",
    "Pengawas belum pernah melakukan pemeriksaan; AD/ART belum disesuaikan.",
]
RECOMMENDATIONS = [
    "Mutakhirkan buku anggota dan tagih simpanan wajib yang tertunggak.",
    "Ikutkan bendahara dalam bimtek pembukuan; susun neraca dan laporan SHU.",
    "Bentuk panitia RAT dan jadwalkan RAT paling lambat bulan depan.",
    "Gunakan aplikasi kasir sederhana dan pisahkan kas usaha dari kas pribadi.",
]


def _visits(rng, assignment: MentorAssignment, today, staff) -> list[MentoringVisit]:
    visits, day = [], assignment.starts_on + datetime.timedelta(days=rng.randint(3, 10))
    while day <= today and len(visits) < 4:
        visits.append(
            MentoringVisit(
                assignment=assignment,
                visited_on=day,
                findings=rng.choice(FINDINGS),
                recommendations=rng.choice(RECOMMENDATIONS),
                follow_up_on=day + datetime.timedelta(days=21),
                recorded_by=staff,
            )
        )
        day += datetime.timedelta(days=rng.randint(25, 40))
    return bulk_create_with_history(visits, MentoringVisit)


def _assign(rng, mentor, cooperative_id, year, starts_on, program, today, staff):
    field = rng.choice(MentoringField.values)
    if MentorAssignment.objects.filter(
        mentor=mentor, cooperative_id=cooperative_id, field=field, year=year
    ).exists():
        return None
    assignment = services.mentor_assign(
        mentor_id=mentor.pk,
        cooperative_id=cooperative_id,
        field=field,
        year=year,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=270),
        program_id=program.pk if program else None,
        by=staff,
    )
    _visits(rng, assignment, today, staff)
    return assignment


def _file_rat(rng, assignment: MentorAssignment, today, staff) -> bool:
    """The mentored cooperative holds its RAT and the district verifies the report:
    the path from mentoring back to being active, through the registry services."""
    fiscal_year = today.year - 1
    held_on = max(
        assignment.starts_on + datetime.timedelta(days=45),
        datetime.date(today.year, 1, 15),
    )
    filed = AnnualReport.objects.filter(
        cooperative_id=assignment.cooperative_id, fiscal_year=fiscal_year
    ).exists()
    if filed or held_on > today - datetime.timedelta(days=7):
        return False
    members = rng.randint(25, 120)
    own_capital = Decimal(rng.randint(20, 300) * 1_000_000)
    report = registry_services.annual_report_create(
        data={
            "cooperative_id": assignment.cooperative_id,
            "fiscal_year": fiscal_year,
            "rat_held_on": held_on,
            "members_male": members // 2,
            "members_female": members - members // 2,
            "officers": 3,
            "supervisors": 3,
            "own_capital": own_capital,
            "external_capital": own_capital / 4,
            "assets": own_capital * Decimal("1.5"),
            "business_volume": own_capital * 2,
            "surplus": own_capital / 20,
        },
        by=staff,
    )
    registry_services.annual_report_verify(report_id=report.pk, by=staff)
    return True


def _seed_mentoring(rng, program: Program, today, staff) -> None:
    mentors = [
        Person.objects.get_or_create_by_nik(nik, name=name)[0] for nik, name in MENTORS
    ]
    inactive = (
        selectors.mentoring_candidate_list(scope=Scope.province(), today=today)
        .filter(active_now=False)
        .values_list("pk", "district_id")
    )
    district_of = dict(inactive)
    # Each district keeps an inactive cooperative however many are reactivated.
    inactive_left = Counter(district_of.values())
    candidates = list(district_of)[:60]
    reactivated = 0
    for index, cooperative_id in enumerate(
        rng.sample(candidates, min(12, len(candidates)))
    ):
        starts_on = program.starts_on + datetime.timedelta(days=rng.randint(0, 30))
        mentor = mentors[index % len(mentors)]
        assignment = _assign(
            rng, mentor, cooperative_id, program.year, starts_on, program, today, staff
        )
        district = district_of[cooperative_id]
        if (
            assignment is not None
            and reactivated < REACTIVATED
            and inactive_left[district] > 1
            and _file_rat(rng, assignment, today, staff)
        ):
            reactivated += 1
            inactive_left[district] -= 1
