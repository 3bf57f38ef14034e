"""A scheme's required documents (submission refuses until each is uploaded,
naming the missing ones; the scheme cards list them), the KUR access cap
(domain.md §4.1: KUR Mikro at most 2 accesses outside agricultural and fishery
production, 4 inside), and the rules set on real schemes by the data migration
(financing 0018) and by the demo."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from cooperatives.models import District
from demo.financing_schemes import seed_schemes
from financing import services
from financing.models import Application, Scheme
from financing.reference_data import apply_scheme_rules
from financing.services.eligibility import Applicant
from financing.services.offers import scheme_offers
from tests.factories import EnterpriseFactory, StaffFactory, district

from .factories import SchemeFactory
from .test_scheme_rules import kur_loan

pytestmark = pytest.mark.django_db
LADDER = [Decimal(6), Decimal(7), Decimal(8), Decimal(9)]


def _upload(application, kind, by):
    return services.application_document_add(
        application_id=application.pk,
        kind=kind,
        file=SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4 isi"),
        by=by,
    )


# --- Required documents -----------------------------------------------------------


@pytest.fixture
def documented(scheme):
    scheme.required_documents = ["id_card", "business_licence", "financial_report"]
    scheme.save()
    return scheme


def test_submission_names_each_missing_document(documented, draft, officer):
    _upload(draft, "id_card", officer)

    with pytest.raises(services.EligibilityError) as refused:
        services.application_submit(application_id=draft.pk, by=officer)

    assert [fact.rule for fact in refused.value.failed] == ["documents"]
    assert refused.value.messages == [
        "Dokumen wajib belum diunggah: NIB / Surat Keterangan Usaha, "
        "Laporan keuangan / RAT."
    ]
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_submission_passes_once_every_document_is_uploaded(documented, draft, officer):
    for kind in ("id_card", "business_licence", "financial_report", "other"):
        _upload(draft, kind, officer)

    submitted = services.application_submit(application_id=draft.pk, by=officer)

    assert submitted.status == Application.Status.SUBMITTED
    documents = next(f for f in submitted.eligibility if f["rule"] == "documents")
    assert documents == {
        "rule": "documents",
        "passed": True,
        "detail": "Dokumen wajib lengkap: KTP, NIB / Surat Keterangan Usaha, "
        "Laporan keuangan / RAT.",
    }


def test_api_submission_answers_the_missing_documents(
    documented, cooperative, samarinda_api
):
    created = samarinda_api.post(
        "/api/v1/financing/applications/",
        {
            "scheme": documented.code,
            "cooperative": cooperative.pk,
            "amount": "25000000",
            "tenor_months": 12,
            "purpose": "working_capital",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()

    refused = samarinda_api.post(
        f"/api/v1/financing/applications/{created.json()['id']}/submit/",
        format="json",
    )

    assert refused.status_code == 400
    assert refused.json()["eligibility"] == {
        "documents": [
            "Dokumen wajib belum diunggah: KTP, NIB / Surat Keterangan Usaha, "
            "Laporan keuangan / RAT."
        ]
    }


def test_the_scheme_card_lists_the_required_documents(documented, cooperative, today):
    offer = next(
        offer
        for offer in scheme_offers(Applicant(cooperative=cooperative), today=today)
        if offer.scheme == documented
    )

    html = render_to_string("portal/financing/scheme_limits.html", {"offer": offer})

    assert offer.documents == [
        "KTP",
        "NIB / Surat Keterangan Usaha",
        "Laporan keuangan / RAT",
    ]
    assert "Dokumen wajib" in html
    assert "KTP, NIB / Surat Keterangan Usaha, Laporan keuangan / RAT" in html


# --- KUR access cap ---------------------------------------------------------------


@pytest.fixture
def kur_mikro(db):
    return SchemeFactory(
        code="kur-mikro",
        name="KUR Mikro",
        for_cooperatives=False,
        is_kur=True,
        rate_ladder=LADDER,
        max_accesses=2,
        max_accesses_production=4,
    )


def _earlier_kur_loans(enterprise, scheme, count):
    for _ in range(count):
        kur_loan(enterprise, scheme, closed=True)


def _cap_fact(enterprise, scheme, today):
    offer = next(
        offer
        for offer in scheme_offers(Applicant(enterprise=enterprise), today=today)
        if offer.scheme == scheme
    )
    return next(fact for fact in offer.facts if fact.rule == "kur_access_cap")


@pytest.mark.parametrize(
    ("kbli", "earlier", "passed"),
    [
        ("47111", 1, True),  # retail: second access, cap 2
        ("47111", 2, False),  # retail: third access
        ("01111", 2, True),  # rice farming: third access, cap 4
        ("03111", 3, True),  # sea fishing: fourth access
        ("03111", 4, False),  # fifth access
    ],
)
def test_kur_mikro_access_cap_by_sector(kur_mikro, today, kbli, earlier, passed):
    enterprise = EnterpriseFactory(kbli=kbli)
    _earlier_kur_loans(enterprise, kur_mikro, earlier)

    assert _cap_fact(enterprise, kur_mikro, today).passed is passed


def test_a_draft_beyond_the_cap_is_refused_naming_the_cap(kur_mikro):
    enterprise = EnterpriseFactory(kbli="47111")
    _earlier_kur_loans(enterprise, kur_mikro, 2)

    with pytest.raises(ValidationError) as refused:
        services.application_create(
            data={
                "scheme": kur_mikro,
                "enterprise": enterprise,
                "amount": "20000000",
                "tenor_months": 12,
                "purpose": "working_capital",
            },
            by=StaffFactory(),
        )

    assert refused.value.message_dict["scheme"] == [
        "Ini akan menjadi akses KUR ke-3, melebihi batas 2 akses untuk sektor "
        "non-produksi."
    ]


# --- Real schemes' rules ----------------------------------------------------------


def test_the_data_migration_sets_the_rules_of_real_schemes(db):
    mikro = SchemeFactory(code="kur-mikro-bri", name="KUR Mikro BRI")
    super_mikro = SchemeFactory(code="kur-super", name="KUR Super Mikro")
    kecil = SchemeFactory(code="kredit-kecil", name="KUR Kecil Bankaltimtara")
    ppu = SchemeFactory(code="db-ppu", name="Dana Bergulir Penajam Paser Utara")
    paser = SchemeFactory(code="db-paser", name="Dana Bergulir Paser")
    kukar = SchemeFactory(code="dana-bergulir-kukar", name="Dana Bergulir Daerah")
    lpdb = SchemeFactory(code="lpdb", name="Dana Bergulir LPDB-KUMKM")
    own = SchemeFactory(code="kur-kecil-x", name="KUR Kecil X", rate_ladder=[5])

    apply_scheme_rules(Scheme, District)
    apply_scheme_rules(Scheme, District)  # again: nothing changes

    for scheme in (mikro, super_mikro, kecil, own):
        scheme.refresh_from_db()
        assert scheme.is_kur
        assert scheme.required_documents == [
            "id_card",
            "family_card",
            "business_licence",
        ]
    assert mikro.rate_ladder == LADDER
    assert (mikro.max_accesses, mikro.max_accesses_production) == (2, 4)
    assert super_mikro.rate_ladder == []
    assert super_mikro.max_accesses is None
    assert kecil.rate_ladder == LADDER
    assert kecil.max_accesses is None
    assert own.rate_ladder == [Decimal(5)]  # staff's value kept
    assert [d.pk for d in ppu.districts.all()] == ["64.09"]
    assert [d.pk for d in paser.districts.all()] == ["64.01"]
    assert [d.pk for d in kukar.districts.all()] == ["64.02"]
    assert not lpdb.districts.exists()
    assert not Scheme.objects.get(pk=lpdb.pk).is_kur


def test_the_demo_schemes_carry_the_rules(db, today):
    schemes = seed_schemes(today)

    mikro = schemes["kur-mikro"]
    assert mikro.is_kur
    assert mikro.rate_ladder == LADDER
    assert (mikro.max_accesses, mikro.max_accesses_production) == (2, 4)
    assert schemes["kur-super-mikro"].is_kur
    assert [d.pk for d in schemes["dana-bergulir-ppu"].districts.all()] == ["64.09"]
    assert schemes["dana-bergulir-ppu"].districts.get() == district("64.09")
    assert schemes["lpdb-dana-bergulir"].required_documents == [
        "legal_deed",
        "financial_report",
        "proposal",
    ]
