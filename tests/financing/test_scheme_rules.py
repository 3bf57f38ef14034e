"""The scheme rules from the domain (domain.md §4): schemes limited to listed
districts, KUR's access ladder and one running KUR, tenors per purpose; the
schemes offered to an applicant, refused drafts, and the eligibility endpoint."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from financing import services
from financing.models import Application
from financing.services.eligibility import Applicant, application_facts, failures
from financing.services.offers import scheme_offers
from tests.factories import CooperativeFactory, EnterpriseFactory, district
from tests.financing.factories import ApplicationFactory, LoanFactory, SchemeFactory

pytestmark = pytest.mark.django_db
LADDER = [Decimal(6), Decimal(7), Decimal(8), Decimal(9)]


@pytest.fixture
def ppu_fund(db):
    scheme = SchemeFactory(code="dana-bergulir-ppu", name="Dana Bergulir PPU")
    scheme.districts.set([district("64.09")])
    return scheme


@pytest.fixture
def kur(db):
    return SchemeFactory(
        code="kur-mikro",
        name="KUR Mikro",
        for_cooperatives=False,
        for_enterprises=True,
        is_kur=True,
        rate_ladder=LADDER,
        max_tenor_months=60,
        max_tenor_working_capital_months=36,
        max_tenor_investment_months=60,
    )


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


def kur_loan(enterprise, kur, *, closed: bool):
    application = ApplicationFactory(
        scheme=kur,
        enterprise=enterprise,
        cooperative=None,
        district=enterprise.district,
        status=Application.Status.DISBURSED,
        approved_amount=Decimal(10_000_000),
        budget_year=2025,
    )
    return LoanFactory(
        application=application,
        closed_on=datetime.date(2025, 12, 1) if closed else None,
    )


def offer_of(offers, scheme):
    return next(offer for offer in offers if offer.scheme == scheme)


# --- Districts ------------------------------------------------------------------


def test_a_district_scheme_is_refused_outside_its_district(
    cooperative, ppu_fund, scheme, today
):
    offers = scheme_offers(Applicant(cooperative=cooperative), today=today)

    ppu = offer_of(offers, ppu_fund)
    assert not ppu.eligible
    assert [fact.rule for fact in ppu.failed] == ["district"]
    assert ppu.reasons == [
        "Skema ini hanya untuk pemohon di Kabupaten Penajam Paser Utara."
    ]
    assert offer_of(offers, scheme).eligible
    assert [offer.eligible for offer in offers] == [True, False]  # eligible first


def test_a_district_scheme_is_open_in_its_district(ppu_fund, today):
    local = CooperativeFactory(
        district=district("64.09"),
        last_rat_on=datetime.date(today.year - 1, 3, 1),
    )

    offers = scheme_offers(Applicant(cooperative=local), today=today)

    assert offer_of(offers, ppu_fund).eligible


def test_an_sme_scheme_is_not_offered_to_a_cooperative(cooperative, kur, today):
    offer = offer_of(
        scheme_offers(Applicant(cooperative=cooperative), today=today), kur
    )

    assert not offer.eligible
    assert "applicant_kind" in [fact.rule for fact in offer.failed]


# --- KUR ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "rate", "access"),
    [(0, "6.00", 1), (1, "7.00", 2), (2, "8.00", 3), (3, "9.00", 4), (5, "9.00", 6)],
)
def test_the_kur_rate_follows_the_access_ladder(
    enterprise, kur, today, earlier, rate, access
):
    for _ in range(earlier):
        kur_loan(enterprise, kur, closed=True)

    offer = offer_of(scheme_offers(Applicant(enterprise=enterprise), today=today), kur)

    assert offer.eligible
    assert offer.rate == Decimal(rate)
    assert offer.access == access


def test_loans_of_other_schemes_are_not_kur_accesses(enterprise, kur, scheme, today):
    kur_loan(enterprise, scheme, closed=True)

    offer = offer_of(scheme_offers(Applicant(enterprise=enterprise), today=today), kur)

    assert offer.rate == Decimal("6.00")


def test_one_running_kur_at_a_time(enterprise, kur, today):
    kur_loan(enterprise, kur, closed=False)
    other_kur = SchemeFactory(code="kur-kecil", for_enterprises=True, is_kur=True)

    offers = scheme_offers(Applicant(enterprise=enterprise), today=today)

    for scheme in (kur, other_kur):
        offer = offer_of(offers, scheme)
        assert [fact.rule for fact in offer.failed] == ["one_running_kur"]


def test_a_pending_kur_application_blocks_another(enterprise, kur, today):
    ApplicationFactory(
        scheme=kur,
        enterprise=enterprise,
        cooperative=None,
        district=enterprise.district,
        status=Application.Status.SUBMITTED,
    )

    offer = offer_of(scheme_offers(Applicant(enterprise=enterprise), today=today), kur)

    assert [fact.rule for fact in offer.failed] == ["one_running_kur"]


def test_a_running_non_kur_loan_does_not_block_kur(enterprise, kur, scheme, today):
    kur_loan(enterprise, scheme, closed=False)

    offer = offer_of(scheme_offers(Applicant(enterprise=enterprise), today=today), kur)

    assert offer.eligible


# --- Tenor per purpose ----------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "tenor", "passed"),
    [
        ("working_capital", 36, True),
        ("working_capital", 37, False),
        ("investment", 60, True),
        ("investment", 61, False),
    ],
)
def test_tenor_limit_per_purpose(enterprise, kur, today, purpose, tenor, passed):
    application = Application(
        scheme=kur,
        enterprise=enterprise,
        amount=Decimal(20_000_000),
        tenor_months=tenor,
        purpose=purpose,
        business_started_on=datetime.date(2020, 1, 1),
    )

    facts = {fact.rule: fact for fact in application_facts(application, today=today)}

    assert facts["tenor"].passed is passed
    if purpose == "working_capital" and not passed:
        assert "36 bulan untuk modal kerja" in facts["tenor"].detail


# --- No draft for a scheme the applicant cannot use -----------------------------


def test_a_draft_for_a_refused_scheme_names_scheme(cooperative, officer, ppu_fund):
    with pytest.raises(ValidationError) as raised:
        services.application_create(
            data={
                "scheme": ppu_fund,
                "cooperative": cooperative,
                "amount": "10000000",
                "tenor_months": 12,
                "purpose": "working_capital",
            },
            by=officer,
        )

    assert list(raised.value.message_dict) == ["scheme"]
    assert not Application.objects.exists()


def test_changing_a_draft_to_a_refused_scheme_names_scheme(
    cooperative, officer, scheme, kur
):
    draft = services.application_create(
        data={
            "scheme": scheme,
            "cooperative": cooperative,
            "amount": "10000000",
            "tenor_months": 12,
            "purpose": "working_capital",
        },
        by=officer,
    )

    with pytest.raises(ValidationError) as raised:
        services.application_update(
            application_id=draft.pk, data={"scheme": kur}, by=officer
        )

    assert list(raised.value.message_dict) == ["scheme"]
    draft.refresh_from_db()
    assert draft.scheme == scheme


def test_submission_checks_the_kur_rules_again(enterprise, kur, today):
    application = Application(
        scheme=kur,
        enterprise=enterprise,
        amount=Decimal(20_000_000),
        tenor_months=12,
        purpose="working_capital",
        business_started_on=datetime.date(2020, 1, 1),
    )
    assert not failures(application_facts(application, today=today))
    kur_loan(enterprise, kur, closed=False)

    failed = failures(application_facts(application, today=today))

    assert [fact.rule for fact in failed] == ["one_running_kur"]


# --- The eligibility endpoint ---------------------------------------------------

ELIGIBILITY = "/api/v1/financing/eligibility/"


def test_eligibility_endpoint_for_a_cooperative(
    samarinda_api, cooperative, scheme, ppu_fund, kur
):
    response = samarinda_api.get(ELIGIBILITY, {"cooperative": cooperative.pk})

    assert response.status_code == 200
    results = {row["scheme"]: row for row in response.json()["results"]}
    assert set(results) == {scheme.code, ppu_fund.code, kur.code}
    assert results[scheme.code]["eligible"] is True
    assert results[scheme.code]["reasons"] == []
    assert results[ppu_fund.code]["eligible"] is False
    assert results[ppu_fund.code]["reasons"] == [
        "Skema ini hanya untuk pemohon di Kabupaten Penajam Paser Utara."
    ]
    assert results[kur.code]["eligible"] is False


def test_eligibility_endpoint_for_an_sme_gives_the_ladder_rate(
    samarinda_api, enterprise, kur
):
    kur_loan(enterprise, kur, closed=True)

    response = samarinda_api.get(ELIGIBILITY, {"enterprise": enterprise.pk})

    (row,) = response.json()["results"]
    assert row["eligible"] is True
    assert row["rate"] == "7.00"


def test_eligibility_endpoint_outside_the_district_is_404(
    balikpapan_api, cooperative, enterprise, scheme
):
    assert (
        balikpapan_api.get(ELIGIBILITY, {"cooperative": cooperative.pk}).status_code
        == 404
    )
    assert (
        balikpapan_api.get(ELIGIBILITY, {"enterprise": enterprise.pk}).status_code
        == 404
    )


def test_eligibility_endpoint_needs_one_applicant(
    samarinda_api, cooperative, enterprise
):
    assert samarinda_api.get(ELIGIBILITY).status_code == 400
    both = {"cooperative": cooperative.pk, "enterprise": enterprise.pk}
    response = samarinda_api.get(ELIGIBILITY, both)
    assert response.status_code == 400
    assert "cooperative" in str(response.json())


def test_eligibility_endpoint_needs_a_token(client, cooperative):
    response = client.get(ELIGIBILITY, {"cooperative": cooperative.pk})

    assert response.status_code in (401, 403)


def test_a_kur_loan_is_disbursed_at_the_applicants_ladder_rate(enterprise, kur):
    from tests.financing.factories import disbursed_loan

    kur_loan(enterprise, kur, closed=True)
    kur_loan(enterprise, kur, closed=True)

    loan = disbursed_loan(
        disbursed_on=datetime.date(2026, 1, 10),
        scheme=kur,
        enterprise=enterprise,
        cooperative=None,
        district=enterprise.district,
    )

    assert loan.annual_rate == Decimal("8.00")
