"""Partner-decided schemes (KUR, bank products): the district or the agency
recommends with a numbered letter, forwards, the partner's decision and
disbursement are recorded; the agency's own approve and disburse refuse them;
each step is its own duty; a district user acts only in their district."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from financing import services
from financing.models import Application, Loan, Recommendation, Scheme
from financing.recommendation_pdf import recommendation_pdf
from notifications.models import Notification
from tests.factories import AgencyStaffFactory, DistrictUserFactory, district, grant
from tests.pdf_properties import AGENCY, PORTAL, author_and_creator

from .factories import SchemeFactory

pytestmark = pytest.mark.django_db

RECOMMENDERS = "Perekomendasi pembiayaan"
RECORDERS = "Pencatat keputusan penyalur"
PAYERS = "Juru bayar pembiayaan"


@pytest.fixture
def kur(db):
    return SchemeFactory(
        code="kur-mikro-uji",
        name="KUR Mikro Uji",
        partner="Bankaltimtara",
        decided_by=Scheme.DecidedBy.PARTNER,
    )


@pytest.fixture
def submitted(kur, cooperative, officer):
    application = services.application_create(
        data={
            "scheme": kur,
            "cooperative": cooperative,
            "amount": "50000000",
            "tenor_months": 24,
            "purpose": "working_capital",
            "business_description": "Usaha dagang anggota",
        },
        by=officer,
    )
    return services.application_submit(application_id=application.pk, by=officer)


@pytest.fixture
def recommender(cooperative):
    """Staff of the applicant's district office, holding the recommend duty."""
    return grant(
        DistrictUserFactory(district=cooperative.district), groups=[RECOMMENDERS]
    )


@pytest.fixture
def recorder(db):
    return AgencyStaffFactory(groups=[RECORDERS])


@pytest.fixture
def payer(db):
    return AgencyStaffFactory(groups=[PAYERS])


@pytest.fixture
def forwarded(submitted, recommender):
    services.application_recommend(application_id=submitted.pk, by=recommender)
    return services.application_forward(application_id=submitted.pk, by=recommender)


def _kinds(officer) -> list[str]:
    return list(
        Notification.objects.filter(user=officer)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_kur_goes_from_submission_to_bank_decision_and_disbursement(
    submitted, recommender, recorder, payer, officer, today
):
    recommendation = services.application_recommend(
        application_id=submitted.pk, by=recommender, notes="Usaha berjalan baik."
    )
    assert recommendation.number == f"0001/REK-KUKM/{today.year}"
    assert recommendation.issued_on == today
    assert recommendation.district_id == submitted.district_id
    assert Application.objects.get(pk=submitted.pk).status == "recommended"

    services.application_forward(application_id=submitted.pk, by=recommender)
    assert Application.objects.get(pk=submitted.pk).status == "forwarded"

    approved = services.application_partner_approve(
        application_id=submitted.pk,
        by=recorder,
        amount="40000000",
        reference="BKT/KUR/2026/0042",
        decided_on=today,
    )
    assert approved.status == "approved"
    assert approved.approved_amount == Decimal("40000000")
    assert approved.partner_reference == "BKT/KUR/2026/0042"
    assert approved.partner_decided_on == today

    loan = services.loan_record_partner_disbursement(
        application_id=submitted.pk, by=payer, disbursed_on=today
    )
    assert loan.principal == Decimal("40000000")
    assert loan.disbursement_reference == "BKT/KUR/2026/0042"
    assert loan.tenor_months == 24
    assert loan.installments.count() == 24
    assert Application.objects.get(pk=submitted.pk).status == "disbursed"
    assert _kinds(officer) == [
        "financing_recommended",
        "financing_forwarded",
        "financing_approved",
        "financing_disbursed",
    ]
    notice = Notification.objects.get(user=officer, kind="financing_approved")
    assert submitted.number in notice.title
    assert "sebesar Rp40.000.000 (referensi BKT/KUR/2026/0042)" in notice.body


def test_partner_refusal_is_recorded_with_its_reason(
    forwarded, recorder, officer, today
):
    refused = services.application_partner_reject(
        application_id=forwarded.pk,
        by=recorder,
        reason="Riwayat kredit belum memenuhi.",
        decided_on=today,
        reference="BKT/TOLAK/7",
    )
    assert refused.status == "rejected"
    assert refused.decision_reason == "Riwayat kredit belum memenuhi."
    assert refused.partner_reference == "BKT/TOLAK/7"
    notice = Notification.objects.get(user=officer, kind="financing_rejected")
    assert "Riwayat kredit belum memenuhi." in notice.body
    with pytest.raises(ValidationError):
        services.application_partner_reject(
            application_id=forwarded.pk, by=recorder, reason="lagi"
        )


def test_partner_approval_needs_a_reference_and_at_most_the_request(
    forwarded, recorder
):
    with pytest.raises(ValidationError) as error:
        services.application_partner_approve(
            application_id=forwarded.pk, by=recorder, amount="50000000", reference=" "
        )
    assert "reference" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.application_partner_approve(
            application_id=forwarded.pk, by=recorder, amount="50000001", reference="X"
        )
    assert "amount" in error.value.message_dict
    assert Application.objects.get(pk=forwarded.pk).status == "forwarded"


def test_agency_approval_and_disbursement_refuse_a_partner_scheme(
    submitted, recommender, recorder, today
):
    decider = AgencyStaffFactory(groups=["Peninjau pembiayaan", "Pemutus pembiayaan"])
    services.application_assign_reviewer(
        application_id=submitted.pk, reviewer=decider, by=decider
    )
    with pytest.raises(ValidationError) as error:
        services.application_approve(application_id=submitted.pk, by=decider)
    assert "diputuskan oleh penyalur" in error.value.messages[0]
    assert Application.objects.get(pk=submitted.pk).status == "under_review"

    services.application_recommend(application_id=submitted.pk, by=recommender)
    services.application_forward(application_id=submitted.pk, by=recommender)
    services.application_partner_approve(
        application_id=submitted.pk, by=recorder, amount="50000000", reference="R-1"
    )
    payer = AgencyStaffFactory(groups=[PAYERS])
    with pytest.raises(ValidationError) as error:
        services.loan_disburse(
            application_id=submitted.pk, by=payer, disbursed_on=today
        )
    assert "diputuskan oleh penyalur" in error.value.messages[0]
    assert not Loan.objects.filter(application=submitted).exists()


def test_partner_steps_refuse_an_agency_scheme(under_review, recommender):
    with pytest.raises(ValidationError) as error:
        services.application_recommend(application_id=under_review.pk, by=recommender)
    assert "dinas sendiri" in error.value.messages[0]


def test_each_partner_step_is_its_own_duty(submitted, recommender, cooperative, today):
    no_duty = grant(DistrictUserFactory(district=cooperative.district))
    with pytest.raises(PermissionDenied):
        services.application_recommend(application_id=submitted.pk, by=no_duty)
    recorder_only = AgencyStaffFactory(groups=[RECORDERS])
    with pytest.raises(PermissionDenied):
        services.application_recommend(application_id=submitted.pk, by=recorder_only)
    services.application_recommend(application_id=submitted.pk, by=recommender)
    with pytest.raises(PermissionDenied):
        services.application_forward(application_id=submitted.pk, by=recorder_only)
    services.application_forward(application_id=submitted.pk, by=recommender)
    with pytest.raises(PermissionDenied):
        services.application_partner_approve(
            application_id=submitted.pk, by=recommender, amount="1000000", reference="R"
        )
    services.application_partner_approve(
        application_id=submitted.pk, by=recorder_only, amount="1000000", reference="R"
    )
    with pytest.raises(PermissionDenied):
        services.loan_record_partner_disbursement(
            application_id=submitted.pk, by=recorder_only, disbursed_on=today
        )
    with pytest.raises(
        PermissionDenied
    ):  # the one who recorded the approval: four eyes
        services.loan_record_partner_disbursement(
            application_id=submitted.pk,
            by=grant(recorder_only, groups=[PAYERS]),
            disbursed_on=today,
        )
    assert Application.objects.get(pk=submitted.pk).status == "approved"


def test_a_district_user_recommends_only_in_their_district(submitted):
    elsewhere = grant(
        DistrictUserFactory(district=district("64.71")), groups=[RECOMMENDERS]
    )
    with pytest.raises(Application.DoesNotExist):
        services.application_recommend(application_id=submitted.pk, by=elsewhere)
    assert not Recommendation.objects.exists()


def test_partner_decision_date_is_not_before_forwarding_nor_in_future(
    forwarded, recorder, today
):
    for day in (today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.application_partner_approve(
                application_id=forwarded.pk,
                by=recorder,
                amount="1000000",
                reference="R",
                decided_on=day,
            )
        assert "decided_on" in error.value.message_dict


def test_letter_numbers_run_per_year(kur, cooperative, officer, recommender, submitted):
    other = services.application_create(
        data={
            "scheme": kur,
            "cooperative": cooperative,
            "amount": "20000000",
            "tenor_months": 12,
            "purpose": "investment",
        },
        by=officer,
    )
    services.application_submit(application_id=other.pk, by=officer)
    first = services.application_recommend(application_id=submitted.pk, by=recommender)
    second = services.application_recommend(application_id=other.pk, by=recommender)
    year = timezone.localdate().year
    assert [first.number, second.number] == [
        f"0001/REK-KUKM/{year}",
        f"0002/REK-KUKM/{year}",
    ]


def test_the_letter_pdf_shows_its_number_and_date(submitted, recommender):
    recommendation = services.application_recommend(
        application_id=submitted.pk,
        by=recommender,
        issued_on=datetime.date(2026, 1, 5),
        notes="Usaha <lancar> & tertib.",
    )
    content = recommendation_pdf(recommendation=recommendation)
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert "0001/REK-KUKM/2026" in text
    assert "5 Januari 2026" in text
    assert submitted.number in text
    assert "Bankaltimtara" in text
    assert "Usaha <lancar> & tertib." in text
    assert author_and_creator(content) == (AGENCY, PORTAL)


def test_the_migration_sends_kur_and_bank_products_to_their_partner():
    """The rule of financing/migrations/0013: KUR by name or code, bank products
    by partner; a revolving fund channelled through a bank or BPR stays."""
    import importlib

    rule = importlib.import_module(
        "financing.migrations.0013_partner_schemes_and_duty_groups"
    ).PARTNER_DECIDED
    made = {
        code: SchemeFactory(code=code, name=name, partner=partner)
        for code, name, partner in [
            ("kur-mikro", "KUR Mikro", "Bank BRI"),
            ("kredit-usaha", "Kredit Usaha Rakyat (KUR) Kecil", "BPR Kaltim"),
            ("kredit-bunga-nol", "Kredit Bunga 0% UMKM", "Bankaltimtara"),
            ("dana-bergulir-ppu", "Dana Bergulir PPU", "BPR Ibadurrahman"),
            ("dana-bergulir-bank", "Dana Bergulir Kukar", "Bankaltimtara"),
            ("lpdb", "LPDB Dana Bergulir", "LPDB-KUMKM"),
            ("kurir", "Kurir Koperasi", "Dinas"),
        ]
    }
    chosen = set(
        Scheme.objects.filter(rule, pk__in=[s.pk for s in made.values()]).values_list(
            "code", flat=True
        )
    )
    assert chosen == {"kur-mikro", "kredit-usaha", "kredit-bunga-nol"}
