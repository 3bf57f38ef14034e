"""Demo data for financing (SPEC 6.3, called by `manage.py seed_demo` after the
registry): schemes of each method modelled on domain.md section 4 with this
year's budgets; applications in every status; loans that are current, in arrears
and closed, with their repayments.

Everything after the schemes goes through the services, so numbers, eligibility
facts, schedules, allocations and history are what the portal would produce.
The demo staff account reviews, disburses and records repayments; decisions are
made by a second staff member (`pemutus.demo`, who cannot sign in), so the four
eyes rule holds and `staf.demo` can disburse the approved applications.
Idempotent: schemes are kept by code, and the applications are made only when
no demo scheme has any yet. Deterministic for the same `rng` and registry.
"""

import datetime
import itertools
import random
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from accounts.system_actor import system_user
from cooperatives.models import Cooperative, CooperativeRole, Enterprise
from demo.registry import DEMO_COOPERATIVE_NIK
from financing import duties, services
from financing.models import Application, Loan, Scheme
from financing.models.scheme import DocumentKind
from financing.schedule import add_months

from .financing_schemes import seed_schemes

DEMO_PDF = b"%PDF-1.4\n% Dokumen contoh portal KUKM\n%%EOF\n"

JUTA = Decimal(1_000_000)
DECIDER = "pemutus.demo"
DECIDER_GROUP = "Pemutus pembiayaan"
PARTNER_DECISION_GROUP = "Pencatat keputusan penyalur"
PPU = "64.09"
# (status, count) of the applications made; loans are the disbursed ones.
PLAN = [
    ("draft", 2),
    ("submitted", 2),
    ("under_review", 2),
    ("approved", 2),
    ("rejected", 1),
    ("withdrawn", 1),
    ("recommended", 1),  # these two: always an SME's KUR (PARTNER_ONLY)
    ("forwarded", 1),
    ("current", 3),
    ("in_arrears", 3),
    ("closed", 2),
]
PARTNER_ONLY = {"recommended", "forwarded"}
# Installments left unpaid by the loans in arrears: about 1, 2 and 4 months late,
# so that several delinquency bands show.
ARREARS_UNPAID = [1, 2, 4]
PURPOSES = [Application.Purpose.WORKING_CAPITAL, Application.Purpose.INVESTMENT]
USES = [
    "Pembelian bahan baku dan stok barang dagangan.",
    "Pembelian mesin pengolah dan peralatan produksi.",
    "Modal kerja unit simpan pinjam anggota.",
    "Renovasi tempat usaha dan etalase.",
]
REJECTIONS = [
    "Rencana usaha belum menunjukkan sumber pengembalian yang cukup.",
    "Dokumen legalitas usaha tidak lengkap setelah dua kali diminta.",
]


def _staff() -> User | None:
    """A superuser (it acts in every duty but deciding)."""
    return (
        User.objects.filter(is_active=True, api_token__isnull=True, is_superuser=True)
        .order_by("-username", "pk")  # "staf.demo" before other accounts
        .first()
    )


def _decider() -> User:
    """The staff member who approves and rejects in the demo: a member of the
    deciding group only, without a usable password."""
    user, created = User.objects.get_or_create(
        username=DECIDER,
        defaults={
            "first_name": "Pemutus",
            "last_name": "Demo",
            "role": User.Role.STAFF,
            "is_staff": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    duties.load_duty_groups(Group, Permission)  # gone after a test's flush
    user.groups.add(
        *Group.objects.filter(name__in=[DECIDER_GROUP, PARTNER_DECISION_GROUP])
    )
    return user


def _applicants(today: datetime.date, count: int) -> tuple[list, list]:
    """Active cooperatives and micro SMEs that belong to a cooperative."""
    cooperatives = list(
        Cooperative.objects.registered()
        .active_in(today.year)
        .exclude(nik=DEMO_COOPERATIVE_NIK)
        .order_by("pk")[:count]
    )
    enterprises = list(
        Enterprise.objects.filter(scale="micro", cooperative__isnull=False).order_by(
            "pk"
        )[:count]
    )
    return cooperatives, enterprises


def _cooperative_scheme(cooperative, turn: int) -> str:
    """LPDB's fund and Penajam Paser Utara's in turn; PPU's only for its own."""
    if turn % 2 and cooperative.district_id == PPU:
        return "dana-bergulir-ppu"
    return "lpdb-dana-bergulir"


def _plan(today: datetime.date) -> list[tuple[str, object, str]]:
    """(status, applicant, scheme code) of every demo application: first the
    demo cooperative's (a running loan and a draft), then PLAN over the others,
    cooperatives and SMEs in turn."""
    plan = []
    demo = Cooperative.objects.filter(nik=DEMO_COOPERATIVE_NIK).first()
    if demo is not None:
        plan += [
            ("current", demo, _cooperative_scheme(demo, 1)),
            ("draft", demo, "lpdb-dana-bergulir"),
        ]
    statuses = [status for status, count in PLAN for _ in range(count)]
    cooperatives, enterprises = _applicants(today, len(statuses))
    for index, status in enumerate(statuses):
        if status in PARTNER_ONLY and enterprises:
            applicant = enterprises[index // 2 % len(enterprises)]
            code = "kur-mikro"
        elif index % 2 == 0 and cooperatives:
            applicant = cooperatives[index // 2 % len(cooperatives)]
            code = _cooperative_scheme(applicant, index // 2)
        elif enterprises:
            applicant = enterprises[index // 2 % len(enterprises)]
            code = ("kur-mikro", "kur-super-mikro")[index // 2 % 2]
        else:
            continue
        plan.append((status, applicant, code))
    return plan


def _officer_of(cooperative_id: int | None, today) -> User | None:
    role = (
        CooperativeRole.objects.current(today)
        .filter(
            cooperative_id=cooperative_id,
            role=CooperativeRole.Role.OFFICER,
            person__user__isnull=False,
        )
        .select_related("person__user")
        .first()
    )
    return role.person.user if role else None


def _amount(rng: random.Random, scheme: Scheme) -> Decimal:
    low, high = int(scheme.min_amount // 100_000), int(scheme.max_amount // 100_000)
    return Decimal(rng.randint(low, min(high, low * 4))) * 100_000


def _create(rng, scheme, applicant, today) -> Application:
    is_cooperative = isinstance(applicant, Cooperative)
    sponsor = applicant.pk if is_cooperative else applicant.cooperative_id
    tenor = rng.choice([t for t in (6, 12, 18, 24) if t <= scheme.max_tenor_months])
    return services.application_create(
        data={
            "scheme": scheme,
            ("cooperative" if is_cooperative else "enterprise"): applicant,
            "amount": _amount(rng, scheme),
            "tenor_months": tenor,
            "purpose": rng.choice(PURPOSES),
            "business_description": f"Usaha {applicant.name}.",
            "use_of_funds": rng.choice(USES),
            "repayment_source": "Hasil penjualan bulanan.",
            "business_started_on": add_months(today, -12 * rng.randint(2, 9)),
        },
        by=_officer_of(sponsor, today),
    )


def _repay(loan: Loan, staff: User, today: datetime.date, leave_unpaid: int) -> None:
    """Pay each installment on its due date, leaving the last `leave_unpaid` of
    those already due unpaid."""
    due = [
        row
        for row in loan.installments.order_by("number")
        if row.due_date < today and row.payment  # a full grace's rows are zero
    ]
    for row in due[: max(len(due) - leave_unpaid, 0)]:
        services.repayment_record(
            loan_id=loan.pk,
            amount=row.payment,
            reference=f"DEMO-{loan.application.number}-{row.number}",
            paid_on=row.due_date,
            by=staff,
        )


def _attach_required_documents(application: Application) -> None:
    """A one-page placeholder PDF for each document the scheme requires, so the
    submission's document rule passes as it would for a complete file."""
    for kind in application.scheme.required_documents:
        services.application_document_add(
            application_id=application.pk,
            kind=kind,
            # Named as an applicant names a scan: by the document, in Indonesian.
            file=ContentFile(DEMO_PDF, name=f"{slugify(DocumentKind(kind).label)}.pdf"),
            by=system_user(),
        )


def _advance(
    rng, application, status, staff, today, unpaid: int = 0, *, decider: User
) -> None:
    """Take a draft through the services to `status`; a loan in arrears leaves
    its last `unpaid` due installments unpaid."""
    pk = application.pk
    if status == "draft":
        return
    if status == "withdrawn":
        services.application_withdraw(
            application_id=pk, by=system_user(), reason="Batal"
        )
        return
    _attach_required_documents(application)
    services.application_submit(application_id=pk, by=system_user())
    if status == "submitted":
        return
    services.application_assign_reviewer(application_id=pk, reviewer=staff, by=staff)
    if status == "under_review":
        return
    if application.scheme.is_partner_decided:
        _advance_partner(rng, application, status, staff, today, decider=decider)
        return
    if status in PARTNER_ONLY:
        return  # a partner's step for an agency scheme: it stays under review
    if status == "rejected":
        services.application_reject(
            application_id=pk, by=decider, reason=rng.choice(REJECTIONS)
        )
        return
    services.application_approve(application_id=pk, by=decider)
    if status == "approved":
        return
    tenor = application.tenor_months
    months_ago = {"current": 3, "in_arrears": 5, "closed": tenor + 2}[status]
    loan = services.loan_disburse(
        application_id=pk,
        by=staff,
        disbursed_on=add_months(today, -months_ago),
        reference=f"DEMO-CAIR-{application.number}",
    )
    if status == "closed":
        owed = sum(row.payment for row in loan.installments.all())
        services.repayment_record(
            loan_id=loan.pk,
            amount=owed,
            reference=f"DEMO-LUNAS-{application.number}",
            paid_on=add_months(today, -1),
            by=staff,
        )
        return
    _repay(loan, staff, today, unpaid)


def _advance_partner(rng, application, status, staff, today, *, decider) -> None:
    """KUR: recommended, forwarded, the bank's decision and (today's) disbursement
    recorded; loans in arrears and closed are the agency's."""
    pk = application.pk
    services.application_recommend(application_id=pk, by=staff)
    if status != "recommended":
        services.application_forward(application_id=pk, by=staff)
    if status in PARTNER_ONLY:
        return
    if status == "rejected":
        services.application_partner_reject(
            application_id=pk, by=decider, reason=rng.choice(REJECTIONS)
        )
        return
    reference = f"DEMO-BANK-{application.number}"
    services.application_partner_approve(
        application_id=pk, by=decider, amount=application.amount, reference=reference
    )
    if status == "approved":
        return
    if status != "current":
        raise ValidationError("not in the demo")  # skipped by seed()
    services.loan_record_partner_disbursement(
        application_id=pk, by=staff, disbursed_on=today
    )


@transaction.atomic
def seed(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    """Schemes, applications in every status and loans; returns the counts."""
    schemes = seed_schemes(today)
    staff = _staff()
    already = Application.objects.filter(scheme__code__in=schemes).exists()
    if staff is not None and not already:
        decider = _decider()
        arrears = itertools.cycle(ARREARS_UNPAID)
        for status, applicant, code in _plan(today):
            unpaid = next(arrears) if status == "in_arrears" else 0
            try:
                with transaction.atomic():
                    application = _create(rng, schemes[code], applicant, today)
                    _advance(
                        rng, application, status, staff, today, unpaid, decider=decider
                    )
            except ValidationError:
                continue  # an applicant this scheme refuses: the demo goes on
    return {
        "skema pembiayaan": Scheme.objects.count(),
        "permohonan pembiayaan": Application.objects.count(),
        "pinjaman": Loan.objects.count(),
    }
